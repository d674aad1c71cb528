import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED, missingBrowser } from './browser.js';
import { freshDataDir, missingBuild, REPO_ROOT, type ServerProcess } from './server-process.js';
import { type DemoHub, screenshot, signIn, startDemoHub } from './session.js';

const CLI = path.join(REPO_ROOT, 'apps/cli/bin/jaga.js');
const skipReason = missingBrowser() ?? missingBuild();
if (skipReason && !BROWSER_REQUIRED) console.log(`[jaga] browser tests skipped: ${skipReason}`);

/** A small linkage schema (clkhash v3) the three agencies share. */
const SCHEMA = {
  version: 3,
  clkConfig: { l: 1024, kdf: { type: 'HKDF', hash: 'SHA256', keySize: 64 } },
  features: [
    { identifier: 'id', ignored: true },
    {
      identifier: 'name',
      format: { type: 'string', encoding: 'utf-8', case: 'upper', maxLength: 128 },
      hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 300 } },
    },
    {
      identifier: 'dateOfBirth',
      format: { type: 'date', format: '%Y-%m-%d' },
      hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 400 } },
    },
  ],
};

// Who is on which list (police, NGO, consulate); 110 has 2 people, below the minimum cell size.
const HISTORIES: Record<string, number> = {
  '001': 40,
  '010': 35,
  '011': 9,
  '100': 45,
  '101': 11,
  '110': 2,
  '111': 6,
};
const AGENCIES = ['police', 'ngo', 'consulate'] as const;

/**
 * Writes each agency's CSV of (synthetic) people and encodes it with `jaga link encode`, as each
 * agency would on its own machine; returns the paths of the encoded .json files.
 */
function encodeLists(dir: string): string[] {
  let state = 2026;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const letters = 'ABCDEFGHIJKLMNOPRSTUWY';
  const word = (n: number) =>
    Array.from({ length: n }, () => letters[Math.floor(random() * letters.length)]).join('');
  const rows: string[][] = [[], [], []];
  let id = 0;
  for (const [history, count] of Object.entries(HISTORIES)) {
    for (let p = 0; p < count; p++) {
      id += 1;
      const name = `${word(7)} ${word(9)}`;
      const year = 1970 + Math.floor(random() * 35);
      const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
      const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
      history.split('').forEach((bit, x) => {
        if (bit === '1') rows[x]?.push(`${x}-${id},${name},${year}-${month}-${day}`);
      });
    }
  }
  fs.writeFileSync(path.join(dir, 'victim-lists.json'), JSON.stringify(SCHEMA));
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'a secret the three agencies share\n');
  return AGENCIES.map((agency, x) => {
    const csv = path.join(dir, `${agency}.csv`);
    const out = path.join(dir, `${agency}.json`);
    fs.writeFileSync(csv, `id,name,dateOfBirth\n${(rows[x] ?? []).join('\n')}\n`);
    execFileSync(process.execPath, [
      CLI,
      'link',
      'encode',
      '--schema',
      path.join(dir, 'victim-lists.json'),
      '--secret-file',
      path.join(dir, 'secret.txt'),
      '--output',
      out,
      csv,
    ]);
    return out;
  });
}

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

/** Seed 1 pays 3 into mule 2, which holds 7 clean from 9, then pays 2, 5, 3 to exchanges 10-12. */
function writeTransfers(dir: string): { transfers: string; labels: string } {
  const rows: [number, number, string][] = [
    [9, 2, '7'],
    [1, 2, '3'],
    [2, 10, '2'],
    [2, 11, '5'],
    [2, 12, '3'],
  ];
  const transfers = path.join(dir, 'transfers.csv');
  fs.writeFileSync(
    transfers,
    `chain,asset,tx_hash,block,tx_index,log_index,timestamp,from,to,amount\n${rows
      .map(
        ([from, to, amount], i) =>
          `eth,ETH,${hash(i + 1)},${100 + i},0,0,${1_600_000_000 + 60 * i},${addr(from)},${addr(to)},${amount}`,
      )
      .join('\n')}\n`,
  );
  const labels = path.join(dir, 'labels.csv');
  fs.writeFileSync(
    labels,
    `chain,address,label,category,confidence,source\n${[10, 11, 12]
      .map((n, i) => `eth,${addr(n)},Exchange ${'ABC'[i]},exchange,service_data,test`)
      .join('\n')}\n`,
  );
  return { transfers, labels };
}

describe.skipIf(skipReason !== undefined && !BROWSER_REQUIRED)('Estimates and Money pages', () => {
  let server: ServerProcess;
  let browser: Browser;
  let hub: DemoHub;
  let workDir: string;
  let page: Page;
  let failures: string[] = [];

  beforeAll(async () => {
    if (skipReason)
      throw new Error(`browser tests are required here but cannot run: ${skipReason}`);
    workDir = freshDataDir();
    hub = await startDemoHub();
    ({ server, browser } = hub);
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    failures = await signIn(page, server, '/estimates/runs', {
      email: 'investigator@demo.jaga.example',
      password: 'demo-investigator-pass',
    });
  });

  afterAll(async () => {
    await hub?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('uploads three encoded lists, runs an estimate, sees it charted and saves the report', async () => {
    const files = encodeLists(workDir);
    await page.getByTestId('lists-empty').waitFor();
    for (const [i, file] of files.entries()) {
      await page.getByRole('link', { name: 'Upload an encoded list' }).click();
      await page.waitForURL(/\/estimates\/lists\/new$/);
      await expect(page.getByTestId('encode-command').textContent()).resolves.toContain(
        'jaga link encode',
      );
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByText(/CLKs of 1024 bits read; only these will be sent/).waitFor();
      await page.getByLabel(/^Name/).fill(`${AGENCIES[i]} 2026`);
      await page.getByRole('button', { name: 'Upload list' }).click();
      await page.waitForURL(/\/estimates\/runs$/);
    }
    await page.getByTestId('lists').locator('tbody tr').nth(2).waitFor();
    await expect(page.getByTestId('lists').locator('tbody tr').count()).resolves.toBe(3);

    // A CSV of names is refused in the browser, next to the field, before anything is sent.
    await page.getByRole('link', { name: 'Upload an encoded list' }).click();
    await page.locator('input[type="file"]').setInputFiles(path.join(workDir, 'police.csv'));
    await page.getByText(/Never upload the records themselves/).waitFor();
    await page.goBack();

    await page.getByRole('link', { name: 'Run an estimate' }).click();
    await page.waitForURL(/\/estimates\/runs\/new$/);
    // Too few lists: said next to the field.
    await page.getByLabel(/^police 2026/).check();
    await page.getByRole('button', { name: 'Run estimate' }).click();
    await page.getByText('Choose at least 2 lists').waitFor();
    await page.getByLabel(/^ngo 2026/).check();
    await page.getByLabel(/^consulate 2026/).check();
    await page.getByLabel('Bootstrap replicates').fill('200');
    await page.getByRole('button', { name: 'Run estimate' }).click();
    await page.waitForURL(/\/estimates\/runs\/[0-9a-f-]{36}$/, { timeout: 60_000 });

    await page.getByText('Estimated total', { exact: true }).first().waitFor();
    await page.getByText(/95% interval \(BCa bootstrap\)/).waitFor();
    const histories = page.getByTestId('histories');
    await expect(histories.locator('tbody tr').count()).resolves.toBe(7);
    await expect(histories.textContent()).resolves.toContain('< 5');
    await expect(histories.textContent()).resolves.not.toMatch(/(^|[^<\d])2$/m);
    await page.getByTestId('model').waitFor();
    await page.locator('[data-testid="estimate-chart"] svg.recharts-surface').waitFor();
    await expect(
      page.locator('[data-testid="estimate-chart"] .recharts-bar-rectangle').count(),
    ).resolves.toBe(3);

    await page.getByRole('button', { name: 'Save report' }).click();
    const saved = page.getByTestId('saved-report');
    await saved.waitFor();
    await expect(saved.textContent()).resolves.toContain('Report (JSON)');
    await expect(saved.textContent()).resolves.toContain('Capture histories (CSV)');
    await screenshot(page, 'estimate');

    await page.goto(`${server.url}/estimates/runs`);
    await page.getByTestId('estimates').waitFor();
    await expect(page.getByTestId('estimates').textContent()).resolves.toContain('report saved');
    expect(failures).toEqual([]);
  });

  it('runs a trace on a small transfers file and sees the Sankey and the hop table', async () => {
    const { transfers, labels } = writeTransfers(workDir);
    await page.goto(`${server.url}/money/traces`);
    await page.getByTestId('traces-empty').waitFor();
    await page.getByRole('link', { name: 'Run a trace' }).click();
    await page.waitForURL(/\/money\/traces\/new$/);
    // Nothing chosen: each problem is said next to its field.
    await page.getByRole('button', { name: 'Run trace' }).click();
    await page.getByText(/Choose one or more transfer files/).waitFor();
    await page.getByText(/Give at least one seed/).waitFor();

    const inputs = page.locator('input[type="file"]');
    await inputs.nth(0).setInputFiles(transfers);
    await inputs.nth(1).setInputFiles(labels);
    await page.getByLabel(/^Seeds/).fill(addr(1));
    await page.getByRole('button', { name: 'Run trace' }).click();
    await page.waitForURL(/\/money\/traces\/[0-9a-f-]{36}$/, { timeout: 60_000 });

    await expect(page.getByTestId('totals').textContent()).resolves.toContain('Reached endpoints');
    const endpoints = page.getByTestId('endpoints');
    await expect(endpoints.locator('tbody tr').count()).resolves.toBe(3);
    await expect(endpoints.textContent()).resolves.toContain('Exchange B');
    await page.locator('[data-testid="flow-chart"] svg.recharts-surface').waitFor();
    await expect(
      page.locator('[data-testid="flow-chart"] .recharts-sankey-link').count(),
    ).resolves.toBe(4);
    await expect(page.getByTestId('flow-chart').textContent()).resolves.toContain(
      'Exchange A (exchange)',
    );
    const hops = page.getByTestId('hops');
    await expect(hops.textContent()).resolves.toContain('haircut: 2 × 3 / 10 = 0.6');
    await expect(hops.textContent()).resolves.toContain('haircut: 5 × 2.4 / 8 = 1.5');
    await expect(page.getByTestId('trace-artefacts').textContent()).resolves.toContain(
      'Per-hop arithmetic (CSV)',
    );
    await screenshot(page, 'money-trace');

    await page.goto(`${server.url}/money/traces`);
    await page.getByTestId('traces').waitFor();
    await expect(page.getByTestId('traces').locator('tbody tr').count()).resolves.toBe(1);
    expect(failures).toEqual([]);
  });
});
