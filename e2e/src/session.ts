import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import {
  freePort,
  freshDataDir,
  REPO_ROOT,
  type ServerProcess,
  spawnServer,
  waitForHealth,
} from './server-process.js';

/** Where browser tests leave their screenshots (git-ignored). */
export const ARTIFACTS = path.join(REPO_ROOT, 'e2e/artifacts');

/** A demo account, as `jaga serve --demo` prints it. */
export interface Credentials {
  email: string;
  password: string;
}

/**
 * Saves a full-page screenshot of `page` as `e2e/artifacts/<name>.png`, for people to look at
 * what the test saw.
 *
 * @example
 * await screenshot(page, 'estimate');
 */
export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

/**
 * Collects the page's uncaught errors into the returned list, which a test expects to stay
 * empty.
 *
 * @example
 * const failures = recordPageErrors(page);
 * // …
 * expect(failures).toEqual([]);
 */
export function recordPageErrors(page: Page, failures: string[] = []): string[] {
  page.on('pageerror', (error) => failures.push(error.message));
  return failures;
}

/**
 * Adds console errors and HTTP answers of 400 or more to `failures`. Call it once signed in:
 * before, the 401s of the sign-in redirect are expected.
 */
export function recordSignedInErrors(page: Page, failures: string[]): string[] {
  page.on('console', (message) => {
    if (message.type() === 'error')
      failures.push(`${message.text()} ${JSON.stringify(message.location())}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  return failures;
}

/**
 * Opens `where` (a path), signs in on the login page it redirects to, waits to be back at `where`
 * and from then on records every page error, console error and failed request. Returns that list
 * of failures. When the redirect does not come, leaves a `sign-in-failure` screenshot and throws
 * with the server's recent output.
 *
 * @example
 * const failures = await signIn(page, server, '/estimates/runs', {
 *   email: 'investigator@demo.jaga.example',
 *   password: 'demo-investigator-pass',
 * });
 */
export async function signIn(
  page: Page,
  server: ServerProcess,
  where: string,
  { email, password }: Credentials,
): Promise<string[]> {
  const failures = recordPageErrors(page);
  await page.goto(`${server.url}${where}`);
  try {
    await page.waitForURL(/\/login\?next=/);
  } catch (error) {
    await screenshot(page, 'sign-in-failure', { fullPage: false });
    throw new Error(`${page.url()} ${server.output().slice(-2000)}`, { cause: error });
  }
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === where);
  return recordSignedInErrors(page, failures);
}

/** A built Jaga serving its demo data on a free port, and a headless Chromium to visit it. */
export interface DemoHub {
  server: ServerProcess;
  browser: Browser;
  /** Closes the browser, stops the server and deletes its data folder. */
  close(): Promise<void>;
}

/**
 * Starts `jaga serve --demo` on a fresh data folder, waits until it answers healthy and launches
 * Chromium. The demo accounts (`admin@demo.jaga.example`, …) can then sign in. If any step fails,
 * what was started is stopped before the error is thrown.
 *
 * @example
 * let hub: DemoHub;
 * beforeAll(async () => { hub = await startDemoHub(); });
 * afterAll(() => hub?.close());
 */
export async function startDemoHub(): Promise<DemoHub> {
  const dataDir = freshDataDir();
  let server: ServerProcess | undefined;
  const removeData = () => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    server = spawnServer(await freePort(), dataDir, ['--demo']);
    await waitForHealth(server);
    const browser = await launchChromium();
    const started = server;
    return {
      server: started,
      browser,
      async close() {
        await browser.close();
        await started.stop();
        removeData();
      },
    };
  } catch (error) {
    await server?.stop();
    removeData();
    throw error;
  }
}
