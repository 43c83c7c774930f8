import type { CaptionCue } from '@/lib/messaging/content-contracts';
import { decodeEntities } from './timed-text';

/** `hh:mm:ss.ttt` or `mm:ss.ttt` (a comma is tolerated, as SRT-minded tools write it), in seconds. */
export function vttTime(text: string): number | undefined {
  const match = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const [, hours = '0', minutes = '0', seconds = '0', fraction = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(fraction.padEnd(3, '0')) / 1000;
}

/** Cue text as read aloud: a voice span names its speaker ("Roger: …"), other tags go, entities are decoded. */
function cueText(lines: readonly string[]): string {
  return decodeEntities(
    lines
      .join(' ')
      .replace(/<v(?:\.[^\s>]*)?\s+([^>]+)>/g, '$1: ')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A WebVTT file's cues (the W3C format of `<track>` captions): the header, NOTE, STYLE and REGION blocks are skipped;
 * a cue's id and its settings are ignored; multi-line cues become one line. Anything not WebVTT gives no cues.
 */
export function parseWebVtt(body: string): CaptionCue[] {
  const text = body.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^WEBVTT(?:[ \t]|\n|$)/.test(text)) return [];
  const cues: CaptionCue[] = [];
  const blocks = text.split(/\n[ \t]*\n+/).slice(1);
  for (const block of blocks) {
    const lines = block.split('\n').filter((line, index) => index > 0 || line.trim().length > 0);
    const timing = lines.findIndex((line) => line.includes('-->'));
    // NOTE, STYLE and REGION blocks have no timing line; an id line may come before it, never more than one.
    if (timing < 0 || timing > 1) continue;
    const start = vttTime((lines[timing] ?? '').split('-->')[0] ?? '');
    if (start === undefined) continue;
    const said = cueText(lines.slice(timing + 1));
    if (said) cues.push({ start, text: said });
  }
  return cues.sort((a, b) => a.start - b.start);
}
