import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, missingBrowser } from './browser.js';
import { freshDataDir, missingBuild, type ServerProcess } from './server-process.js';
import { type DemoHub, screenshot, signIn, startDemoHub } from './session.js';

const skipReason = missingBrowser() ?? missingBuild();
if (skipReason && !BROWSER_REQUIRED) console.log(`[jaga] browser tests skipped: ${skipReason}`);

/** A recruitment ad of the kind screening sends to removal (synthetic). */
const AD = {
  source: 'job-board',
  externalId: 'e2e-4711',
  url: 'https://jobs.demo.example/post/4711',
  text: 'URGENT hiring! Customer service / typing job in Sihanoukville, Cambodia. Salary 1500 USD per month, free flight and visa, no experience needed, age 18-30. Contact Telegram @fastjob_kh or WhatsApp +855 12 345 678',
  tlp: 'GREEN',
};

interface Session {
  context: BrowserContext;
  page: Page;
  failures: string[];
}

describe.skipIf(skipReason !== undefined && !BROWSER_REQUIRED)(
  'Notices, transparency report and evidence requests',
  () => {
    let server: ServerProcess;
    let browser: Browser;
    let hub: DemoHub;
    let workDir: string;
    const sessions: Session[] = [];

    /** A browser context signed in as one demo user; from then on no page may log an error. */
    async function signInAs(email: string, password: string, where: string): Promise<Session> {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      const page = await context.newPage();
      const failures = await signIn(page, server, where, { email, password });
      const session = { context, page, failures };
      sessions.push(session);
      return session;
    }

    /** Picks `option` in the Mantine select labelled `label`. */
    async function choose(page: Page, label: string | RegExp, option: string | RegExp) {
      await page.getByRole('combobox', { name: label }).click({ force: true });
      await page.getByRole('option', { name: option }).click();
    }

    beforeAll(async () => {
      if (skipReason)
        throw new Error(`browser tests are required here but cannot run: ${skipReason}`);
      workDir = freshDataDir();
      hub = await startDemoHub();
      ({ server, browser } = hub);
    });

    afterAll(async () => {
      await hub?.close();
      if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
    });

    it('a trusted flagger reviews a flagged post and sends a notice; the platform decides it and the transparency report changes', async () => {
      const reviewer = await signInAs(
        'moderator@demo.jaga.example',
        'demo-moderator-pass',
        '/notices/reports/transparency',
      );
      // Before any notice: the platform's report for this year counts none.
      await expect(reviewer.page.getByTestId('report-notices').textContent()).resolves.toBe('0');

      const flagger = await signInAs(
        'flagger@demo.jaga.example',
        'demo-flagger-pass',
        '/notices/flagged',
      );
      // The ad arrives as a platform feed would deliver it: through the posts API.
      const csrf = (await flagger.context.cookies()).find((c) => c.name === 'jaga_csrf')?.value;
      const ingested = await flagger.page.request.post(`${server.url}/api/v1/posts`, {
        data: AD,
        headers: { 'x-csrf-token': csrf ?? '' },
      });
      expect(ingested.status(), await ingested.text()).toBe(201);
      await flagger.page.reload();
      const flagged = flagger.page.getByTestId('flagged-posts');
      await flagged.waitFor();
      await flagged
        .getByRole('link', { name: /Review and draft a notice: URGENT hiring/ })
        .first()
        .click();
      await flagger.page.waitForURL(/\/notices\/new\?post=/);

      // Review: the post with the indicators that raised the flag; the notice is drafted from it.
      const review = flagger.page.getByTestId('post-review');
      await expect(review.textContent()).resolves.toContain('Names a known scam-compound hotspot');
      const urls = flagger.page.getByLabel(/^Exact URLs of the content/);
      await expect(urls.inputValue()).resolves.toBe(AD.url);
      await expect(
        flagger.page.getByLabel(/^Why the content is illegal/).inputValue(),
      ).resolves.toContain('Sihanoukville');

      // Bad input is said next to the field, and nothing is saved.
      await urls.fill('jobs.demo.example/post/4711');
      await flagger.page.getByRole('button', { name: 'Save draft' }).click();
      await flagger.page.getByText(/Line 1 is not an exact http\(s\) URL/).waitFor();
      await expect(flagger.page.url()).toMatch(/\/notices\/new\?post=/);
      await urls.fill(AD.url);
      await flagger.page.getByLabel(/I confirm in good faith/).check();
      await flagger.page.getByRole('button', { name: 'Save draft' }).click();
      await flagger.page.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
      await expect(flagger.page.getByTestId('notice-status').textContent()).resolves.toBe('draft');

      await flagger.page
        .getByRole('button', { name: 'Send to Demo Job Board Trust & Safety' })
        .click();
      await flagger.page.locator('[data-testid="notice-status"]:has-text("sent")').waitFor();
      // Trusted-flagger priority: the demo platform's 8-hour standard applies.
      const badge = flagger.page.getByTestId('sla-badge');
      await expect(badge.getAttribute('data-sla')).resolves.toBe('on-time');
      await expect(badge.textContent()).resolves.toMatch(/^On time: [78] h/);
      await expect(flagger.page.getByTestId('notice-timeline').textContent()).resolves.toContain(
        'Trusted-flagger priority: decision due within 8 h',
      );
      const noticeUrl = flagger.page.url();
      await screenshot(flagger.page, 'notice-sent');

      // The platform reviewer finds it in the list with its clock, and acts on it.
      await reviewer.page.goto(`${server.url}/notices/list`);
      const list = reviewer.page.getByTestId('notices');
      await list.waitFor();
      await expect(list.locator('tbody tr').count()).resolves.toBe(1);
      await expect(list.textContent()).resolves.toContain('(trusted flagger)');
      await list.getByRole('link').first().click();
      await reviewer.page.waitForURL(noticeUrl.replace(server.url, `${server.url}`));
      await reviewer.page.getByRole('button', { name: 'Confirm receipt' }).click();
      await reviewer.page
        .locator('[data-testid="notice-status"]:has-text("acknowledged")')
        .waitFor();

      // An incomplete statement of reasons: each problem next to its field, nothing decided.
      await choose(reviewer.page, /^Restrictions of visibility/, 'Removed');
      await reviewer.page.keyboard.press('Escape');
      await reviewer.page.getByRole('button', { name: 'Record decision' }).click();
      await reviewer.page
        .getByText('Give your platform’s own id of the content (its puid).')
        .waitFor();
      await reviewer.page
        .getByText('A restriction needs its ground: illegal content or incompatible content.')
        .waitFor();
      await reviewer.page.getByText(/Name at least one country/).waitFor();

      await reviewer.page.getByLabel(/^Content id on your platform/).fill('job-4711');
      await choose(reviewer.page, /^Ground/, 'Illegal content');
      await reviewer.page
        .getByLabel(/^Law provision or terms clause/)
        .fill('Criminal Code s. 290 (trafficking in persons); Terms of Service 4.2');
      await reviewer.page
        .getByLabel(/^Facts and circumstances relied on/)
        .fill(
          'The ad recruits for typing work in Sihanoukville with free travel and contact only by Telegram.',
        );
      const scope = reviewer.page.getByRole('combobox', { name: /^Where the decision applies/ });
      await scope.fill('KH');
      await scope.press('Enter');
      await scope.fill('SG');
      await scope.press('Enter');
      await reviewer.page.getByRole('button', { name: 'Record decision' }).click();
      const reasons = reviewer.page.getByTestId('statement-of-reasons');
      await reasons.waitFor();
      await expect(reasons.textContent()).resolves.toContain('job-4711');
      await expect(reasons.textContent()).resolves.toContain('KH, SG');
      await expect(reasons.textContent()).resolves.toContain('Illegal content');
      await expect(reviewer.page.getByTestId('notice-timeline').textContent()).resolves.toContain(
        'Decided: Removed',
      );
      await expect(reviewer.page.getByTestId('sla-badge').getAttribute('data-sla')).resolves.toBe(
        'met',
      );
      await screenshot(reviewer.page, 'notice-decided');

      // The transparency report now counts the notice, decided, removed, in time.
      await reviewer.page.goto(`${server.url}/notices/reports/transparency`);
      await reviewer.page.getByTestId('transparency-report').waitFor();
      await expect(reviewer.page.getByTestId('report-notices').textContent()).resolves.toBe('1');
      await expect(reviewer.page.getByTestId('report-decided').textContent()).resolves.toBe('1');
      await expect(reviewer.page.getByTestId('report-overdue').textContent()).resolves.toBe(
        '0 (0.0%)',
      );
      const outcomes = reviewer.page.getByTestId('report-by-outcome');
      await expect(outcomes.locator('tr[data-key="removed"]').textContent()).resolves.toBe(
        'Removed1',
      );
      const csv = reviewer.page.getByRole('link', { name: 'Export CSV' });
      const csvAnswer = await reviewer.page.request.get(
        `${server.url}${await csv.getAttribute('href')}`,
      );
      expect(csvAnswer.headers()['content-type']).toContain('text/csv');
      expect(await csvAnswer.text()).toMatch(/byOutcome,removed,1/);
      await reviewer.page.emulateMedia({ media: 'print' });
      await expect(
        reviewer.page.getByRole('navigation', { name: 'Main navigation' }).isVisible(),
      ).resolves.toBe(false);
      await screenshot(reviewer.page, 'transparency-report-print');
      await reviewer.page.emulateMedia({ media: 'screen' });

      // The flagger sees the decision, and counts it in the annual report.
      await flagger.page.goto(noticeUrl);
      await flagger.page.getByTestId('statement-of-reasons').waitFor();
      await flagger.page.goto(`${server.url}/notices/reports/trusted-flagger`);
      await expect(flagger.page.getByTestId('tf-notices').textContent()).resolves.toBe('1');
      await expect(
        flagger.page.getByTestId('trusted-flagger-report').textContent(),
      ).resolves.toContain('Demo Digital Services Coordinator');

      // The flagger's dashboard charts the flagged post and the decided notice.
      await flagger.page.goto(`${server.url}/dashboard`);
      await flagger.page
        .locator('[data-testid="chart-flagged-posts-chart"] .recharts-bar-rectangle')
        .first()
        .waitFor();
      await flagger.page
        .locator('[data-testid="chart-notices-chart"] .recharts-bar-rectangle')
        .first()
        .waitFor();
      await expect(
        flagger.page.getByTestId('chart-notices-chart').getAttribute('aria-label'),
      ).resolves.toContain('Decided in time: 1');
      await flagger.page
        .locator('[data-testid="chart-compounds-chart"], [data-testid="chart-compounds-empty"]')
        .first()
        .waitFor();
      await screenshot(flagger.page, 'dashboard');

      expect([...reviewer.failures, ...flagger.failures]).toEqual([]);
    });

    it('an evidence request goes from draft to produced, with an uploaded artefact whose custody trail is visible', async () => {
      const investigator = await signInAs(
        'investigator@demo.jaga.example',
        'demo-investigator-pass',
        '/evidence/requests',
      );
      const page = investigator.page;
      await page.getByTestId('requests-empty').waitFor();
      await page.getByRole('link', { name: 'New evidence request' }).click();
      await page.waitForURL(/\/evidence\/requests\/new$/);

      await choose(page, /^Legal instrument/, /European Production Order/);
      await page.getByLabel('Subscriber data').check();
      await page.getByLabel(/^Emergency/).check();
      const preview = page.getByTestId('deadline-preview');
      await preview.getByRole('cell', { name: '8 h', exact: true }).waitFor();
      // Missing selector and legal basis: said next to each, nothing saved.
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('Give the selector as the provider knows it.').waitFor();
      await page.getByText('Name the order, warrant or provision the request rests on.').waitFor();

      await page.getByLabel('Target 1: selector').fill('+855 12 345 678');
      await page.getByLabel('Target 1: from').fill('2026-09-01');
      await page.getByLabel('Target 1: to').fill('2026-11-30');
      await page
        .getByLabel(/^Legal basis/)
        .fill('Production order of the investigating judge, file 2026/114');
      await page.getByLabel(/^Issuing authority/).fill('Demo Police Anti-Trafficking Unit');
      await page.getByLabel(/^Validating authority/).fill('Investigating judge, Bangkok');
      await page.getByLabel(/^Your reference/).fill('CASE-114');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/evidence\/requests\/[0-9a-f-]{36}$/);
      const requestUrl = page.url();
      await expect(page.getByTestId('request-status').textContent()).resolves.toBe('Draft');
      await page.getByRole('button', { name: 'Validate' }).click();
      await page.locator('[data-testid="request-status"]:has-text("Validated")').waitFor();
      await page.getByRole('button', { name: 'Issue to the provider' }).click();
      await page.locator('[data-testid="request-status"]:has-text("Issued")').waitFor();
      await expect(page.getByTestId('deadlines').textContent()).resolves.toMatch(/Due in [78] h/);
      // On the dashboard, the issued request is open with its clock within 24 hours.
      await page.goto(`${server.url}/dashboard`);
      await expect(
        page.getByTestId('chart-evidence-chart').getAttribute('aria-label'),
      ).resolves.toContain('Within 24 h: 1');

      // The provider confirms, uploads the produced data and marks the request produced.
      const provider = await signInAs(
        'moderator@demo.jaga.example',
        'demo-moderator-pass',
        '/evidence/requests',
      );
      await provider.page.goto(requestUrl);
      await provider.page.getByRole('button', { name: 'Confirm receipt' }).click();
      await provider.page
        .locator('[data-testid="request-status"]:has-text("Acknowledged")')
        .waitFor();
      const produced = path.join(workDir, 'subscriber-data.csv');
      fs.writeFileSync(
        produced,
        'msisdn,subscriber,registered\n85512345678,Demo Subscriber,2026-08-30\n',
      );
      await provider.page.locator('input[type="file"]').setInputFiles(produced);
      await provider.page.getByRole('button', { name: 'Upload' }).click();
      await provider.page.getByTestId('produced').waitFor();
      await provider.page.getByRole('button', { name: 'Mark produced' }).click();
      await provider.page.locator('[data-testid="request-status"]:has-text("Produced")').waitFor();

      // The investigator sees it produced, with the file's custody trail.
      await page.goto(requestUrl);
      await page.locator('[data-testid="request-status"]:has-text("Produced")').waitFor();
      const trail = page.getByTestId('request-custody-trail');
      await expect(trail.textContent()).resolves.toContain('Uploaded; SHA-256 recorded');
      await expect(trail.textContent()).resolves.toContain('Produced data attached to the request');
      await expect(trail.textContent()).resolves.toContain('Request step: produce');
      await screenshot(page, 'evidence-request-produced');
      await page.getByTestId('produced').getByRole('link', { name: 'subscriber-data.csv' }).click();
      await page.waitForURL(/\/evidence\/artefacts\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId('custody-trail').textContent()).resolves.toContain(
        'Uploaded; SHA-256 recorded',
      );
      await screenshot(page, 'evidence-artefact-custody');

      // A second request, written through the API, is withdrawn from its page.
      const csrf = (await investigator.context.cookies()).find((c) => c.name === 'jaga_csrf');
      const platforms = await (await page.request.get(`${server.url}/api/v1/platforms`)).json();
      const second = await page.request.post(`${server.url}/api/v1/evidence-requests`, {
        headers: { 'x-csrf-token': csrf?.value ?? '' },
        data: {
          platformOrganisationId: platforms.items[0].id,
          instrument: 'us-2703f-preservation',
          dataCategories: ['subscriber'],
          targets: [
            {
              selectorType: 'username',
              value: '@fastjob_kh',
              from: '2026-09-01T00:00:00Z',
              to: '2026-11-30T00:00:00Z',
            },
          ],
          legalBasis: '18 U.S.C. § 2703(f) request',
          issuingAuthority: 'Demo Police Anti-Trafficking Unit',
          reference: 'CASE-115',
        },
      });
      expect(second.status(), await second.text()).toBe(201);
      await page.goto(`${server.url}/evidence/requests/${(await second.json()).id}`);
      await page.getByRole('button', { name: 'Withdraw' }).click();
      await page.locator('[data-testid="request-status"]:has-text("Withdrawn")').waitFor();
      // The trail reloads after the status changes: wait for its new step rather than read it once.
      await page
        .locator('[data-testid="request-custody-trail"]:has-text("Request step: withdraw")')
        .waitFor();

      await page.goto(`${server.url}/evidence/requests`);
      await expect(page.getByTestId('requests').textContent()).resolves.toContain('CASE-114');
      await expect(page.getByTestId('requests').textContent()).resolves.toContain('Withdrawn');
      expect([...investigator.failures, ...provider.failures]).toEqual([]);
    });
  },
);
