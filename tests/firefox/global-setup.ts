import fs from 'node:fs';
import path from 'node:path';
import { FIREFOX, FIREFOX_BUILD, GECKO_ID } from './firefox';

/** Fails early, with the fix, when Firefox or the Firefox build is missing. */
export default function globalSetup(): void {
  if (!fs.existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: apt-get install -y firefox-esr (or set FIREFOX_PATH).`);
  const manifestPath = path.join(FIREFOX_BUILD, 'manifest.json');
  if (!fs.existsSync(manifestPath)) throw new Error(`No Firefox build at ${FIREFOX_BUILD}: run npx wxt build -b firefox --mv3 --mode e2e.`);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    manifest_version?: number;
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  if (manifest.manifest_version !== 3 || manifest.browser_specific_settings?.gecko?.id !== GECKO_ID) {
    throw new Error(`${manifestPath} is not the Firefox MV3 build of ${GECKO_ID}: run npx wxt build -b firefox --mv3 --mode e2e.`);
  }
}
