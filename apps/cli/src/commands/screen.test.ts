import { Readable, Writable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError } from '../lib/errors.js';
import { detectFormat, parseRecords, screenCommand } from './screen.js';

const SCAM =
  'URGENT HIRING in Sihanoukville! Customer service, no experience needed, $1,500/month, free flight and visa. Fly within a week. Telegram @hr_kh_jobs';
const LEGIT =
  'Front desk agent at a hotel in Bangkok. Two years of experience, good English. Health insurance, annual leave, social security. Apply through our website.';

/** Runs `jaga screen …args` in-process with `input` on stdin; returns stdout and the error thrown, if any. */
async function run(input: string, ...args: string[]): Promise<{ out: string; error?: unknown }> {
  let out = '';
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const program = new Command('jaga').exitOverride().configureOutput({ writeErr: () => {} });
  program.addCommand(screenCommand({ stdin: Readable.from([input]), stdout }));
  try {
    await program.parseAsync(['node', 'jaga', 'screen', ...args]);
    return { out };
  } catch (error) {
    return { out, error };
  }
}

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('jaga screen', () => {
  it('screens JSON Lines in input order with the documented output shape', async () => {
    const input = `${JSON.stringify({ id: 'a', text: SCAM })}\n${JSON.stringify({ id: 'b', text: LEGIT, lang: 'en' })}\n`;
    const { out, error } = await run(input);
    expect(error).toBeUndefined();
    const [a, b] = lines(out);
    expect(Object.keys(a ?? {})).toEqual([
      'id',
      'risk',
      'decision',
      'language',
      'indicators',
      'selectors',
      'warning',
      'fingerprint',
    ]);
    expect(a).toMatchObject({ id: 'a', language: 'en' });
    expect(a?.decision).not.toBe('allow');
    const indicator = ((a ?? {}).indicators as Array<Record<string, unknown>>)[0];
    expect(Object.keys(indicator ?? {})).toEqual(['code', 'label', 'weight', 'evidence']);
    expect(b).toMatchObject({ id: 'b', decision: 'allow', warning: null });
  });

  it('writes an error line for a bad record, screens the rest and fails with exit code 2', async () => {
    const input = [
      JSON.stringify({ id: 1, text: SCAM }),
      '{"id": 2, "text": ',
      JSON.stringify({ id: 3, text: '' }),
      JSON.stringify({ id: 4, body: 'no text field' }),
      JSON.stringify({ id: 5, text: LEGIT }),
    ].join('\n');
    const { out, error } = await run(input);
    const result = lines(out);
    expect(result.map((l) => l.id)).toEqual([1, null, 3, 4, 5]);
    expect(result[1]?.error).toMatch(/^line 2: not valid JSON/);
    expect(result[2]?.error).toMatch(/text is empty/);
    expect(result[3]?.error).toMatch(/line 4: "text" must be a string \(it is missing\)/);
    expect(result[4]?.decision).toBe('allow');
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(/3 of 5 records could not be screened/);
  });

  it('reads CSV with a text column, and plain text blocks', async () => {
    const csv = `id,title,text\nx1,Hiring,"${SCAM.replace(/"/g, '""')}"\nx2,,"${LEGIT}"\n`;
    const fromCsv = lines((await run(csv)).out);
    expect(fromCsv.map((l) => l.id)).toEqual(['x1', 'x2']);
    const fromText = lines((await run(`${SCAM}\n\n\n${LEGIT}\n`)).out);
    expect(fromText.map((l) => [l.id, l.decision === 'allow'])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('refuses a CSV without a text column with a clear message', async () => {
    const { error } = await run('id,body\n1,hello\n', '--input', 'csv');
    expect((error as CliError).message).toMatch(/no "text" column \(columns: id, body\)/);
  });

  it('applies thresholds and the help line from flags, and prints a table', async () => {
    const strict = lines((await run(SCAM, '--label', '1', '--review', '1', '--remove', '1')).out);
    expect(strict[0]?.decision === 'allow' || strict[0]?.risk === 1).toBe(true);
    const helped = lines((await run(SCAM, '--help-line', 'Call 1343.')).out);
    expect(((helped[0] ?? {}).warning as { text: string }).text.endsWith('Call 1343.')).toBe(true);
    const { out } = await run(`${SCAM}\n\n${LEGIT}`, '--table');
    expect(out.split('\n')[0]).toMatch(/^ID\s+DECISION\s+RISK\s+LANG\s+WHY/);
    expect(out).toMatch(/\n2\s+allow\s+0\.\d\d\s+en/);
    const { error } = await run(SCAM, '--label', '0.9', '--review', '0.5');
    expect((error as CliError).message).toMatch(/--label ≤ --review ≤ --remove/);
  });
});

describe('input handling', () => {
  it('detects the format by extension, then by content', () => {
    expect(detectFormat('a.ndjson', 'x')).toBe('jsonl');
    expect(detectFormat(undefined, '{"text":"x"}')).toBe('jsonl');
    expect(detectFormat(undefined, 'id,text\n1,x')).toBe('csv');
    expect(detectFormat(undefined, 'Hiring now, text me')).toBe('text');
  });

  it('applies a default language only to posts that do not give one', () => {
    const records = parseRecords('{"text":"a"}\n{"text":"b","lang":"vi"}', 'jsonl', 'stdin', 'th');
    expect(records.map((r) => (r.kind === 'post' ? r.post.lang : r.error))).toEqual(['th', 'vi']);
  });
});
