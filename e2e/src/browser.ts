import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The system's Chromium (Debian's `chromium` package); a downloaded browser is never used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * True when the process and browser suites must run (CI): a missing browser or build is then a
 * failure, not a skip.
 */
export const BROWSER_REQUIRED = process.env.JAGA_E2E_REQUIRED === '1';

/** Why the browser tests cannot run here, or `undefined` when they can. */
export function missingBrowser(): string | undefined {
  return fs.existsSync(CHROMIUM_PATH)
    ? undefined
    : `no Chromium at ${CHROMIUM_PATH} (install Debian's chromium package)`;
}

/** Headless Chromium with flags that keep it off the network and quiet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
