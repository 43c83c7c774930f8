import type { CaptionCue } from '@/lib/messaging/content-contracts';

/**
 * YouTube's timed text, in whichever form came back: `json3` (asked for), or XML — the classic `<transcript><text
 * start dur>` and srv3's `<timedtext><body><p t d>` (milliseconds). Cues come out in time order, whitespace
 * collapsed, empty ones dropped.
 */
export function parseTimedText(body: string): CaptionCue[] {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{')) return parseJson3(trimmed);
  if (trimmed.startsWith('<')) return parseTimedTextXml(trimmed);
  return [];
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

function finish(cues: CaptionCue[]): CaptionCue[] {
  return cues.filter((cue) => cue.text.length > 0 && Number.isFinite(cue.start) && cue.start >= 0).sort((a, b) => a.start - b.start);
}

export function parseJson3(body: string): CaptionCue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const events = (parsed as { events?: unknown })?.events;
  if (!Array.isArray(events)) return [];
  const cues: CaptionCue[] = [];
  for (const event of events as { tStartMs?: unknown; segs?: unknown }[]) {
    if (!event || !Array.isArray(event.segs) || typeof event.tStartMs !== 'number') continue;
    const text = clean((event.segs as { utf8?: unknown }[]).map((seg) => (typeof seg?.utf8 === 'string' ? seg.utf8 : '')).join(''));
    cues.push({ start: event.tStartMs / 1000, text });
  }
  return finish(cues);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const ENTITY = /&(#x[0-9a-f]+|#\d+|[a-z]+);/gi;

function decodeOnce(text: string): string {
  return text.replace(ENTITY, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** XML entities; the classic format escapes twice (`&amp;#39;`), so a second pass decodes what the first uncovered. */
export function decodeEntities(text: string): string {
  const once = decodeOnce(text);
  return /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/i.test(once) ? decodeOnce(once) : once;
}

const attribute = (attributes: string, name: string): number | undefined => {
  const match = new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(attributes);
  const value = match ? Number(match[1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
};

export function parseTimedTextXml(body: string): CaptionCue[] {
  const cues: CaptionCue[] = [];
  // Classic: <text start="1.2" dur="3.4">…</text>, seconds.
  for (const match of body.matchAll(/<text\b([^>]*)>([\s\S]*?)<\/text>/g)) {
    const start = attribute(match[1] ?? '', 'start');
    if (start !== undefined) cues.push({ start, text: clean(decodeEntities((match[2] ?? '').replace(/<[^>]*>/g, ''))) });
  }
  // srv3: <p t="1200" d="3400">…<s>word</s>…</p>, milliseconds.
  for (const match of body.matchAll(/<p\b([^>]*)>([\s\S]*?)<\/p>/g)) {
    const start = attribute(match[1] ?? '', 't');
    if (start !== undefined) cues.push({ start: start / 1000, text: clean(decodeEntities((match[2] ?? '').replace(/<[^>]*>/g, ''))) });
  }
  return finish(cues);
}
