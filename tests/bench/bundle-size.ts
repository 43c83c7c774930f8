/**
 * Initial-JavaScript budget of each entry of the built Chrome extension: the entry script plus every chunk it
 * imports statically (lazy `import()` chunks, e.g. the code highlighter, are not counted), gzip -9.
 *
 *   npm run build:chrome && node --import tsx tests/bench/bundle-size.ts
 *
 * Targets (issue 4): side panel ≤ 60 KB, popup ≤ 45 KB, background ≤ 40 KB.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const OUT = path.resolve('.output/chrome-mv3');
const TARGETS_KB: Record<string, number> = { sidepanel: 60, popup: 45, background: 40 };

/** Static imports only: `import … from "./x.js"` and `import "./x.js"`, not `import("./x.js")`. */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+\.js)["']/g)) {
    found.add(path.resolve(path.dirname(file), match[1]!));
  }
  return [...found];
}

function closure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    staticImports(file).forEach(visit);
  };
  visit(entry);
  return [...seen];
}

function entryScript(page: string): string {
  const html = readFileSync(path.join(OUT, `${page}.html`), 'utf8');
  const src = /<script[^>]+src="\/?([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error(`${page}.html has no entry script`);
  return path.join(OUT, src);
}

function gzipKb(files: string[]): number {
  return files.reduce((total, file) => total + gzipSync(readFileSync(file), { level: 9 }).length, 0) / 1024;
}

const entries: Record<string, string> = {
  sidepanel: entryScript('sidepanel'),
  popup: entryScript('popup'),
  background: path.join(OUT, 'background.js'),
};

let failed = false;
console.log('Initial JavaScript per entry (gzip -9, static imports only):');
for (const [name, entry] of Object.entries(entries)) {
  const files = closure(entry);
  const size = gzipKb(files);
  const target = TARGETS_KB[name]!;
  const ok = size <= target;
  failed ||= !ok;
  console.log(`  ${name.padEnd(10)} ${size.toFixed(1).padStart(6)} KB  (target ≤ ${target} KB) ${ok ? 'ok' : 'OVER'}  [${files.map((f) => path.basename(f)).join(', ')}]`);
}
process.exitCode = failed ? 1 : 0;
