import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, missingBrowser } from './browser.js';
import { missingBuild, type ServerProcess } from './server-process.js';
import { type DemoHub, recordPageErrors, screenshot, startDemoHub } from './session.js';

const skipReason = missingBrowser() ?? missingBuild();
if (skipReason && !BROWSER_REQUIRED) console.log(`[jaga] browser tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined && !BROWSER_REQUIRED)('web app in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let hub: DemoHub;

  beforeAll(async () => {
    if (skipReason)
      throw new Error(`browser tests are required here but cannot run: ${skipReason}`);
    // The demo logins let the sign-in test use the accounts `jaga serve --demo` prints.
    hub = await startDemoHub();
    ({ server, browser } = hub);
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('renders the shell with every working area and a green health indicator', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const failures = recordPageErrors(page);
    await page.goto(server.url);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const title of [
      'Screening',
      'Intelligence',
      'Notices',
      'Evidence',
      'Money',
      'Estimates',
    ]) {
      await expect(
        nav.getByRole('link', { name: new RegExp(`^${title}`) }).isVisible(),
      ).resolves.toBe(true);
    }
    await page.locator('[data-testid="health"][data-state="ok"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('health').textContent()).resolves.toBe('Healthy');
    await screenshot(page, 'shell');
    expect(failures).toEqual([]);
    await page.close();
  });

  it('opens a section from the navigation and keeps it on reload', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: /^Money/ })
      .click();
    await page.waitForURL(/\/money$/);
    await expect(page.getByRole('heading', { name: 'Money' }).isVisible()).resolves.toBe(true);
    await page.reload();
    await expect(page.getByTestId('empty-state').textContent()).resolves.toContain(
      'Traces you run will appear here',
    );
    await page.close();
  });

  it('signs in as the demo administrator, opens user administration and signs out', async () => {
    const page = await browser.newPage();
    const failures = recordPageErrors(page);
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await page.getByLabel('E-mail').fill('admin@demo.jaga.example');
    await page.getByLabel(/^Password/).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain(
      'Wrong e-mail, password or code',
    );
    await page.getByLabel(/^Password/).fill('demo-admin-pass');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByTestId('users').getByText('investigator@demo.jaga.example').waitFor();
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toContain(
      'Demo Police Anti-Trafficking Unit',
    );
    // A write from the browser (session cookie + CSRF header): an API token for a script.
    await page.getByTestId('signed-in-as').click();
    await page.waitForURL(/\/account$/);
    await page.getByLabel(/^What it is for/).fill('nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByTestId('new-token').textContent()).resolves.toMatch(/^jaga_/);
    await page.getByTestId('tokens').getByText('nightly export').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Straight to the sign-in page, or via the page guard (then with ?next=): both are right.
    await page.waitForURL(/\/login(\?next=%2Faccount)?$/);
    await page.goto(`${server.url}/admin/users`);
    await page.waitForURL(/\/login\?next=/);
    expect(failures).toEqual([]);
    await page.close();
  });
});
