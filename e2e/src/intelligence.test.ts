import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, missingBrowser } from './browser.js';
import { missingBuild, type ServerProcess } from './server-process.js';
import { type DemoHub, screenshot, signIn, startDemoHub } from './session.js';

const skipReason = missingBrowser() ?? missingBuild();
if (skipReason && !BROWSER_REQUIRED) console.log(`[jaga] browser tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined && !BROWSER_REQUIRED)(
  'moderation queue, compound map and link chart',
  () => {
    let server: ServerProcess;
    let browser: Browser;
    let hub: DemoHub;
    let page: Page;
    let failures: string[] = [];

    beforeAll(async () => {
      if (skipReason)
        throw new Error(`browser tests are required here but cannot run: ${skipReason}`);
      hub = await startDemoHub();
      ({ server, browser } = hub);
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      failures = await signIn(page, server, '/screening/queue', {
        email: 'moderator@demo.jaga.example',
        password: 'demo-moderator-pass',
      });
    });

    afterAll(async () => {
      await hub?.close();
    });

    it('reviews flagged posts: highlighted evidence, a false positive dismissed, one confirmed', async () => {
      const queue = page.getByTestId('queue');
      await queue.locator('[role="listitem"]').first().waitFor();
      const before = await queue.locator('[role="listitem"]').count();
      expect(before).toBeGreaterThan(2);
      // The top post is open, with the words that raised the flag marked and named.
      const review = page.getByTestId('post-review');
      await review.waitFor();
      const marks = page.locator('[data-testid="post-text"] mark');
      await marks.first().waitFor();
      expect(await marks.count()).toBeGreaterThan(0);
      expect(await marks.first().getAttribute('title')).toMatch(/\w/);
      await expect(page.getByTestId('indicators').locator('li').count()).resolves.toBeGreaterThan(
        0,
      );
      await expect(page.getByText('Keyboard shortcuts').isVisible()).resolves.toBe(true);
      await screenshot(page, 'moderation-queue');

      // j moves to the next post, k back to the top one.
      const top = await queue.locator('[aria-current="true"]').textContent();
      await page.keyboard.press('j');
      await expect
        .poll(() => queue.locator('[role="listitem"]').nth(1).getAttribute('aria-current'))
        .toBe('true');
      await page.keyboard.press('k');
      await expect.poll(() => queue.locator('[aria-current="true"]').textContent()).toBe(top);

      // d: dismiss as a false positive, with a reason the evaluation counts.
      await page.getByTestId('post-text').waitFor();
      await page.keyboard.press('d');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Dismiss' }).click();
      await dialog.getByText('Choose a reason').waitFor();
      await dialog.getByLabel('A legitimate job ad').check();
      await dialog.getByRole('button', { name: 'Dismiss' }).click();
      await expect
        .poll(() => page.getByTestId('queue-message').textContent())
        .toContain('Dismissed as false positive 1 post');
      await expect.poll(() => queue.locator('[role="listitem"]').count()).toBe(before - 1);

      // c: confirm the next post; a notice can be drafted from it.
      await page.getByTestId('post-text').waitFor();
      await page.getByRole('button', { name: 'Confirm (c)' }).click();
      await expect
        .poll(() => page.getByTestId('queue-message').textContent())
        .toContain('Confirmed 1 post');
      await page.getByTestId('notice-draft').waitFor();
      await expect.poll(() => queue.locator('[role="listitem"]').count()).toBe(before - 2);

      // The dismissal is labelled data: it is in the JSON Lines export.
      const labels = await page.request.get(`${server.url}/api/v1/moderation/labels`);
      const lines = (await labels.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { label: string; reason: string | null });
      expect(lines.map((l) => l.label).sort()).toEqual(['confirmed', 'false-positive']);
      expect(lines.find((l) => l.label === 'false-positive')?.reason).toBe('legitimate-job');
      await screenshot(page, 'moderation-decided');
      expect(failures).toEqual([]);
    });

    it('opens a linked post in the queue, confirms it and drafts a notice to the platform', async () => {
      const csrf = (await page.context().cookies()).find((c) => c.name === 'jaga_csrf')?.value;
      const ingested = await page.request.post(`${server.url}/api/v1/posts`, {
        headers: { 'x-csrf-token': csrf ?? '' },
        data: {
          source: 'facebook',
          externalId: 'e2e-notice-1',
          url: 'https://www.facebook.com/groups/jobs-abroad/posts/1234567890',
          tlp: 'AMBER',
          text: 'URGENT HIRING customer service staff in Sihanoukville! No experience needed, salary $1,800/month, free flight, visa and accommodation. Age 18-30. Passport required. Contact Telegram @demo_hr_anna now',
        },
      });
      expect(ingested.status(), await ingested.text()).toBe(201);
      const item = (await ingested.json()).items[0] as {
        id: string;
        screening: { decision: string };
      };
      expect(['review', 'remove']).toContain(item.screening.decision);

      await page.goto(`${server.url}/screening/queue?post=${item.id}`);
      const queue = page.getByTestId('queue');
      await expect
        .poll(() => queue.locator('[aria-current="true"]').textContent())
        .toContain('$1,800/month');
      await page.getByTestId('post-review').getByRole('link', { name: 'original' }).waitFor();
      await page.keyboard.press('c');
      const draft = page.getByTestId('notice-draft');
      await draft.getByLabel('Why the content is illegal').waitFor();
      const platform = draft.getByLabel(/^Platform/);
      if (!(await platform.inputValue())) {
        await platform.click();
        await page.getByRole('option', { name: 'Demo Job Board Trust & Safety' }).click();
      }
      await draft.getByRole('button', { name: 'Draft notice' }).click();
      await draft.getByText('Draft notice saved').waitFor();
      await screenshot(page, 'moderation-notice');
      await draft.getByRole('link', { name: 'Open the draft notice' }).click();
      await page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
      expect(failures).toEqual([]);
    });

    it('draws the compound map from bundled shapes, then a compound’s link chart, expands it, and searches', async () => {
      await page.goto(`${server.url}/intelligence/map`);
      const map = page.locator('[data-testid="compound-map"][data-loaded="true"]');
      await map.waitFor({ timeout: 30_000 });
      await expect
        .poll(async () => Number(await map.getAttribute('data-rendered-markers')))
        .toBeGreaterThan(0);
      await expect(page.getByTestId('map-legend').textContent()).resolves.toContain('Relocated');
      await screenshot(page, 'compound-map');

      await page.getByTestId('compounds').getByRole('link', { name: 'KK Park' }).first().click();
      await page.waitForURL(/\/intelligence\/entities\/[0-9a-f-]{36}$/);
      await page.getByTestId('history').waitFor();
      const chart = page.locator('[data-testid="link-chart"][data-ready="true"]');
      await chart.waitFor({ timeout: 30_000 });
      const nodes = Number(await chart.getAttribute('data-nodes'));
      expect(nodes).toBeGreaterThan(1);
      // Click the syndicate on the canvas: it expands to its members and compounds.
      const at = await chart.evaluate((element) => {
        type Node = { data(key: string): unknown; renderedPosition(): { x: number; y: number } };
        const cy = (element as unknown as { _cyreg: { cy: { nodes(): Node[] } } })._cyreg.cy;
        const node = cy.nodes().find((n) => n.data('kind') === 'criminal-organisation');
        return node?.renderedPosition();
      });
      expect(at).toBeDefined();
      const box = await chart.boundingBox();
      await page.mouse.click((box?.x ?? 0) + (at?.x ?? 0), (box?.y ?? 0) + (at?.y ?? 0));
      await expect
        .poll(async () => Number(await chart.getAttribute('data-nodes')))
        .toBeGreaterThan(nodes);
      // Keyboard users expand from the relationship table instead.
      const expanded = Number(await chart.getAttribute('data-nodes'));
      await page
        .getByRole('button', { name: /^Expand / })
        .first()
        .click();
      await expect
        .poll(async () => Number(await chart.getAttribute('data-nodes')))
        .toBeGreaterThan(expanded);
      await screenshot(page, 'link-chart');

      // Search finds the syndicate by a misspelt name; its page opens from the hit.
      await page.goto(`${server.url}/intelligence/search`);
      await page.getByLabel(/^Words, a compound/).fill('Golden Lotos');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/intelligence\/search\?q=Golden\+Lotos$/);
      const hit = page.getByTestId('search-results').getByRole('link', { name: /Golden Lotus/ });
      await hit.first().click();
      await page.waitForURL(/\/intelligence\/entities\/[0-9a-f-]{36}$/);
      await page.locator('[data-testid="link-chart"][data-ready="true"]').waitFor();
      expect(failures).toEqual([]);
    });
  },
);
