import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import {
  adminCreateOrganisation,
  adminCreateUser,
  migrateToLatest,
  openDatabase,
} from '@jaga/server';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../lib/errors.js';
import { importCommand, importFormat, readCsv, readJsonLines } from './import.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-import-'));
const data = path.join(dir, 'data');
// About the embedded data folder: a DATABASE_URL set for the PostgreSQL pass is ignored here (the
// same ingestPosts is tested on PostgreSQL in the server suite).
const databaseUrl = process.env.DATABASE_URL;
const ANALYST = 'feeds@ngo.example';
const VIEWER = 'reader@ngo.example';

beforeAll(async () => {
  delete process.env.DATABASE_URL;
  const handle = await openDatabase({ dataDir: data });
  try {
    await migrateToLatest(handle.db);
    await adminCreateOrganisation(handle.db, { name: 'Feeds NGO', type: 'ngo', country: 'KH' });
    await adminCreateUser(handle.db, {
      organisation: 'Feeds NGO',
      email: ANALYST,
      role: 'analyst',
    });
    await adminCreateUser(handle.db, { organisation: 'Feeds NGO', email: VIEWER, role: 'viewer' });
  } finally {
    await handle.close();
  }
}, 90_000);
afterAll(() => {
  if (databaseUrl !== undefined) process.env.DATABASE_URL = databaseUrl;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `jaga import posts …args` in-process; returns stdout, stderr and the error thrown, if any. */
async function run(
  args: string[],
  stdin = '',
): Promise<{ out: string; err: string; error?: unknown }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const command = importCommand({
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
  });
  command.exitOverride().configureOutput({ writeErr: () => {} });
  for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
  const program = new Command('jaga').exitOverride().addCommand(command);
  try {
    await program.parseAsync(['node', 'jaga', 'import', 'posts', ...args, '--data', data]);
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function storedPosts(externalIdPrefix: string) {
  const handle = await openDatabase({ dataDir: data });
  try {
    return await handle.db
      .selectFrom('posts')
      .select(['external_id', 'source', 'tlp', 'country'])
      .where('external_id', 'like', `${externalIdPrefix}%`)
      .orderBy('external_id')
      .execute();
  } finally {
    await handle.close();
  }
}

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('jaga import posts', { timeout: 90_000 }, () => {
  it('imports JSON Lines, reports bad lines as {line, error} on stderr and exits 2', async () => {
    const file = write(
      'feed.jsonl',
      [
        JSON.stringify({
          source: 'facebook',
          externalId: 'fb-a1',
          text: 'URGENT hiring in Sihanoukville, $1,500/month, free visa, WhatsApp +855 96 812 0000',
        }),
        '',
        '{"source": "facebook", "text": ',
        JSON.stringify({ source: 'myspace', externalId: 'fb-a9', text: 'Hiring' }),
        JSON.stringify({ externalId: 'fb-a2', text: 'Typing job, Telegram @typing_kh' }),
        '["not", "a", "post"]',
      ].join('\n'),
    );
    const { out, err, error } = await run([file, '--as', ANALYST, '--source', 'telegram']);
    const stored = jsonLines(out);
    expect(stored.map((s) => [s.line, s.created])).toEqual([
      [1, true],
      [5, true],
    ]);
    expect(stored[0]).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(stored[0]?.decision).not.toBe('allow');
    const errors = jsonLines(err);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 6]);
    expect(errors[0]?.error).toMatch(/^not valid JSON/);
    expect(errors[1]?.error).toMatch(/^source: "myspace" is not a known source/);
    expect(errors[2]?.error).toMatch(/^expected a JSON object/);
    expect(err).toContain('2 posts from');
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toBe(
      '3 of 5 records could not be imported (see the {"line","error"} lines above); the others are stored',
    );
    // --source fills in only where the post does not name its own.
    expect(await storedPosts('fb-a')).toMatchObject([
      { external_id: 'fb-a1', source: 'facebook' },
      { external_id: 'fb-a2', source: 'telegram' },
    ]);
  });

  it('imports the same file again without storing anything twice', async () => {
    const file = write(
      'again.jsonl',
      `${JSON.stringify({ source: 'tiktok', externalId: 'tt-again', text: 'Casino job in Bavet, free flight' })}\n`,
    );
    const first = await run([file, '--as', ANALYST]);
    const second = await run([file, '--as', ANALYST]);
    expect(first.error).toBeUndefined();
    expect(jsonLines(first.out)[0]).toMatchObject({ created: true });
    expect(jsonLines(second.out)[0]).toMatchObject({
      created: false,
      id: jsonLines(first.out)[0]?.id,
    });
    expect(second.err).toContain('1 post from');
    expect(second.err).toContain('(0 new, 1 already stored)');
    expect(await storedPosts('tt-again')).toHaveLength(1);
  });

  it('imports CSV with a header, in small batches, with row line numbers in errors', async () => {
    const file = write(
      'export.csv',
      [
        'id,source,text,country,tlp,ignored',
        'csv-1,facebook,"Customer service job, Myawaddy, high salary, call 081 234 5678",TH,GREEN,x',
        'csv-2,facebook,"Multi-line post:',
        'visa and flight paid, Telegram @kk_jobs",,,',
        'csv-3,facebook,,,,',
        'csv-4,whatsapp,Hiring chat agents in Bavet,,PURPLE,',
        'csv-5,zalo,Typing work from Laos,LA,,',
      ].join('\n'),
    );
    const { out, err, error } = await run([file, '--as', ANALYST, '--batch', '2']);
    expect(jsonLines(out).map((s) => s.line)).toEqual([2, 3, 7]);
    const errors = jsonLines(err);
    expect(errors.map((e) => e.line)).toEqual([5, 6]);
    expect(errors[0]?.error).toMatch(/^text: is required/);
    expect(errors[1]?.error).toMatch(/^tlp: must be one of CLEAR/);
    expect((error as CliError).exitCode).toBe(2);
    const rows = await storedPosts('csv-');
    expect(rows).toMatchObject([
      { external_id: 'csv-1', tlp: 'GREEN', country: 'TH' },
      { external_id: 'csv-2', tlp: 'AMBER' },
      { external_id: 'csv-5', country: 'LA' },
    ]);
  });

  it('reads standard input, detecting the format from its first line', async () => {
    const { out, error } = await run(
      ['-', '--as', ANALYST],
      `${JSON.stringify({ source: 'line', externalId: 'stdin-1', text: 'Job in Laos, TG @laos_hr' })}\n`,
    );
    expect(error).toBeUndefined();
    expect(jsonLines(out)).toHaveLength(1);
  });

  it('refuses a CSV without a text column, a viewer account and an unknown account in one line', async () => {
    const noText = write('no-text.csv', 'source,body\nfacebook,hello\n');
    const a = await run([noText, '--as', ANALYST]);
    expect((a.error as CliError).message).toMatch(/has no "text" column \(columns: source, body\)/);
    const b = await run([noText, '--as', VIEWER]);
    expect((b.error as CliError).message).toMatch(/^--as: reader@ngo.example is a viewer/);
    const c = await run([noText, '--as', 'nobody@ngo.example']);
    expect((c.error as CliError).message).toMatch(/^--as: No user with e-mail nobody@ngo.example/);
    const d = await run([path.join(dir, 'missing.jsonl'), '--as', ANALYST]);
    expect((d.error as CliError).message).toMatch(/missing.jsonl: no such file/);
  });
});

describe('import readers', () => {
  it('detects the format by extension, then content', () => {
    expect(importFormat('a.ndjson', '')).toBe('jsonl');
    expect(importFormat('a.CSV', '{')).toBe('csv');
    expect(importFormat(undefined, '\uFEFF {"text": "x"}')).toBe('jsonl');
    expect(importFormat('export.txt', 'text,source')).toBe('csv');
  });

  it('numbers JSON lines across chunk boundaries and CRLF endings', async () => {
    const records = [];
    for await (const r of readJsonLines(
      Readable.from(['{"text":', '"a"}\r\n\r\n{"te', 'xt":"b"}']),
    )) {
      records.push(r);
    }
    expect(records).toEqual([
      { line: 1, post: { text: 'a' } },
      { line: 3, post: { text: 'b' } },
    ]);
  });

  it('maps CSV columns and splits groups', async () => {
    const records = [];
    for await (const r of readCsv(
      Readable.from(['external_id,Text,groups,location,country\nx1,hi,"a; b",Poipet,KH\n']),
      'x.csv',
    )) {
      records.push(r);
    }
    expect(records).toEqual([
      {
        line: 2,
        post: {
          externalId: 'x1',
          text: 'hi',
          groups: ['a', 'b'],
          location: { name: 'Poipet', country: 'KH' },
        },
      },
    ]);
  });
});
