// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { StreamingMarkdown, renderMarkdown } from '@/lib/markdown';
import { showHidden } from '@/lib/markdown/visible-text';

const RLO = '\u202E';

function rendered(text: string): HTMLElement {
  const el = document.createElement('div');
  renderMarkdown(el, text);
  return el;
}

describe('bidi overrides and invisible characters are shown, never obeyed', () => {
  it('marks each one, one for one, and keeps joiners and direction marks', () => {
    expect(showHidden(`report_final${RLO}gpj.exe`)).toBe('report_final\uFFFDgpj.exe');
    for (const hidden of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200B', '\u2060', '\uFEFF']) {
      expect(showHidden(`a${hidden}b`)).toBe('a\uFFFDb');
    }
    const kept = 'family 👨\u200D👩\u200D👧, می\u200Cخواهم, abc\u200Fdef\u200E';
    expect(showHidden(kept)).toBe(kept);
    expect(showHidden(`x${RLO}y`).length).toBe(3);
  });

  it('in a bot answer: text, link text, code and image descriptions', () => {
    const el = rendered(
      `Open report_final${RLO}gpj.exe now.\n\n[click${RLO}gpj.exe](https://example.com/a)\n\n\`\`\`js\nconst access = "user${RLO}"; // ${'\u2066'}admin\n\`\`\`\n\n![pic${RLO}x](https://evil.example/p.png)`,
    );
    const text = el.textContent ?? '';
    expect(text).toContain('report_final\uFFFDgpj.exe');
    expect(el.querySelector('a')?.textContent).toBe('click\uFFFDgpj.exe');
    expect(el.querySelector('pre')?.textContent).toContain('user\uFFFD"; // \uFFFDadmin');
    expect(el.innerHTML).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it('streamed in pieces, shows the same as rendered at once', () => {
    const answer = `Files: a${RLO}b.txt and c\u200Bd${RLO}`;
    const el = document.createElement('div');
    const md = new StreamingMarkdown(el);
    for (const piece of answer.match(/.{1,3}/gsu) ?? []) md.append(piece);
    md.finish();
    expect(el.innerHTML).toBe(rendered(answer).innerHTML);
    expect(el.textContent).toBe('Files: a\uFFFDb.txt and c\uFFFDd\uFFFD');
  });
});
