import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/** Every JavaScript file of a build, as one string. */
function scripts(dir: string): string {
  const all: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) all.push(readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return all.join('\n');
}

test('the shipped builds carry no test hook; only the Firefox e2e build does', () => {
  for (const build of ['.output/chrome-mv3', '.output/firefox-mv3']) expect(scripts(build), build).not.toContain('poeToolbarMenuClicked');
  expect(scripts('.output/firefox-mv3-e2e')).toContain('poeToolbarMenuClicked');
});
