import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../lib/errors.js';
import { linkCommand } from './link.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-link-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SECRET = 'a-long-secret-shared-by-the-agencies-7f3a';

const SCHEMA = {
  version: 3,
  clkConfig: { l: 1024, kdf: { type: 'HKDF', hash: 'SHA256', keySize: 64 } },
  features: [
    { identifier: 'id', ignored: true },
    {
      identifier: 'name',
      format: { type: 'string', encoding: 'utf-8', case: 'upper' },
      hashing: { comparison: { type: 'ngram', n: 2 }, strategy: { bitsPerFeature: 400 } },
    },
    {
      identifier: 'dateOfBirth',
      format: { type: 'date', format: '%Y-%m-%d' },
      hashing: {
        comparison: { type: 'ngram', n: 2, positional: true },
        strategy: { bitsPerFeature: 300 },
      },
    },
  ],
};

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const schemaFile = file('schema.json', JSON.stringify(SCHEMA));
const secretFile = file('secret.txt', `${SECRET}\n`);

/** Runs `jaga link …args` in-process and returns what it printed on stdout and stderr. */
async function run(...args: string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const stderr = Object.assign(
    sink((s) => {
      err += s;
    }),
    { isTTY: false },
  ) as unknown as NodeJS.WriteStream;
  const program = new Command('jaga').exitOverride().configureOutput({ writeErr: () => {} });
  const link = linkCommand({
    stdout: sink((s) => {
      out += s;
    }),
    stderr,
  });
  link.exitOverride().configureOutput({ writeErr: () => {} });
  for (const sub of link.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
  program.addCommand(link);
  await program.parseAsync(['node', 'jaga', 'link', ...args]);
  return { out, err };
}

const POLICE = `id,name,dateOfBirth
p1,SITI RAHAYU,1998-04-02
p2,NGUYEN VAN NAM,1990-11-23
p3,JOHN KAMAU,1985-06-30
p4,MARIA SANTOS,2001-01-15
`;
const NGO = `id,name,dateOfBirth
n1,MARIA SANTOS,2001-01-15
n2,SITI RAHAYU,1998-02-04
n3,AUNG KYAW,1994-09-09
`;
const CONSULATE = `id,name,dateOfBirth
c1,NGUYEN VAN NAM,1990-11-23
c2,SITI RAHAYOU,1998-04-02
`;

async function encode(name: string, csv: string): Promise<string> {
  const { out } = await run(
    'encode',
    '--schema',
    schemaFile,
    '--secret-file',
    secretFile,
    file(`${name}.csv`, csv),
  );
  return file(`${name}.json`, out);
}

describe('jaga link', () => {
  it('encodes records into clkhash-style JSON without ever printing the secret', async () => {
    const { out, err } = await run(
      'encode',
      '--schema',
      schemaFile,
      '--secret-file',
      secretFile,
      file('p.csv', POLICE),
    );
    const json = JSON.parse(out);
    expect(json.clks).toHaveLength(4);
    expect(Buffer.from(json.clks[0], 'base64')).toHaveLength(128);
    expect(out + err).not.toContain(SECRET);
    // The same secret and records give the same CLKs; the trailing newline of the file is ignored.
    const again = await run(
      'encode',
      '--schema',
      schemaFile,
      '--secret-file',
      file('s2.txt', SECRET),
      file('p.csv', POLICE),
    );
    expect(again.out).toBe(out);
  });

  it('with --normalise, encodes untidy records exactly as their tidy form', async () => {
    const untidy = 'id,name,dateOfBirth\np1, siti  rahayu ,1998-04-02\n';
    const tidy = 'id,name,dateOfBirth\np1,SITI RAHAYU,1998-04-02\n';
    await expect(
      run('encode', '--schema', schemaFile, '--secret-file', secretFile, file('u.csv', untidy)),
    ).rejects.toThrow(/u.csv line 2: feature "name": " siti {2}rahayu " must be upper case/);
    const a = await run(
      'encode',
      '--normalise',
      '--schema',
      schemaFile,
      '--secret-file',
      secretFile,
      file('u.csv', untidy),
    );
    const b = await run(
      'encode',
      '--schema',
      schemaFile,
      '--secret-file',
      secretFile,
      file('t.csv', tidy),
    );
    expect(a.out).toBe(b.out);
  });

  it('matches two lists one-to-one and prints a,b,similarity', async () => {
    const police = await encode('police', POLICE);
    const ngo = await encode('ngo', NGO);
    const { out, err } = await run('match', police, ngo, '--threshold', '0.75');
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('a,b,similarity');
    const pairs = lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','));
    // SITI RAHAYU with day and month swapped still links; MARIA SANTOS links exactly.
    expect(pairs).toEqual(['0,1', '3,0']);
    expect(Number(lines[2]?.split(',')[2])).toBe(1);
    expect(err).toMatch(/2 links between 4 and 3 records at threshold 0.75/);
    const blocked = await run(
      'match',
      police,
      ngo,
      '-t',
      '0.75',
      '--blocking',
      '--blocking-projections',
      '40',
      '--blocking-bits',
      '4',
      '--seed',
      '3',
    );
    expect(blocked.out).toBe(out);
    const json = JSON.parse(
      (await run('match', police, ngo, '-t', '0.75', '--format', 'json')).out,
    );
    expect(json.matches).toHaveLength(2);
    expect(json.sizes).toEqual([4, 3]);
  });

  it('builds the capture-history counts jaga estimate reads', async () => {
    const police = await encode('police', POLICE);
    const ngo = await encode('ngo', NGO);
    const consulate = await encode('consulate', CONSULATE);
    const { out } = await run('histories', police, ngo, consulate, '--threshold', '0.75');
    expect(out).toBe(
      [
        'police,ngo,consulate,count',
        '0,0,1,0',
        '0,1,0,1', // AUNG KYAW
        '0,1,1,0',
        '1,0,0,1', // JOHN KAMAU
        '1,0,1,1', // NGUYEN VAN NAM
        '1,1,0,1', // MARIA SANTOS
        '1,1,1,1', // SITI RAHAYU
        '',
      ].join('\n'),
    );
    const named = await run('histories', police, ngo, '--names', 'LE,NGO');
    expect(named.out.split('\n')[0]).toBe('LE,NGO,count');
  });

  it.each([
    [
      ['encode', '--schema', 'missing.json', '--secret-file', secretFile, '-'],
      /cannot read the linkage schema missing.json: no such file/,
    ],
    [
      ['encode', '--schema', schemaFile, '--secret-file', file('empty.txt', '\n'), '-'],
      /secret file .* is empty/,
    ],
    [
      ['encode', '--schema', file('bad.json', '{"version": 2}'), '--secret-file', secretFile, '-'],
      /bad.json: linkage schema version 2 is not supported/,
    ],
    [
      [
        'encode',
        '--schema',
        schemaFile,
        '--secret-file',
        secretFile,
        file('h.csv', 'id,dob,name\n'),
      ],
      /header \(id, dob, name\) does not match the schema features \(id, name, dateOfBirth\)/,
    ],
    [
      [
        'encode',
        '--schema',
        schemaFile,
        '--secret-file',
        secretFile,
        file('d.csv', 'id,name,dateOfBirth\nx,SITI,1998-02-30\n'),
      ],
      /d.csv line 2: feature "dateOfBirth": "1998-02-30" is not a real calendar date/,
    ],
    [
      [
        'encode',
        '--schema',
        schemaFile,
        '--secret-file',
        secretFile,
        file('c.csv', 'id,name,dateOfBirth\nx,SITI\n'),
      ],
      /c.csv line 2: 2 columns, but the schema has 3 features/,
    ],
    [
      ['match', file('x.json', '{"clk": []}'), file('y.json', '{"clks": []}')],
      /x.json: expected a JSON object \{"clks"/,
    ],
    [
      ['match', file('z.json', 'not json'), file('y.json', '{"clks": []}')],
      /z.json is not valid JSON/,
    ],
    [
      [
        'histories',
        file('y1.json', '{"clks": []}'),
        file('y2.json', '{"clks": []}'),
        '--names',
        'a',
      ],
      /--names has 1 names for 2 files/,
    ],
  ])('fails with a clear message for bad input %#', async (args, message) => {
    const failure = run(...(args as string[]));
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toThrow(message);
  });

  it('rejects a threshold outside (0, 1]', async () => {
    await expect(run('match', 'a.json', 'b.json', '--threshold', '1.5')).rejects.toThrow(
      /Dice similarity in \(0, 1\]/,
    );
  });

  it('warns, without printing it, when the secret is short', async () => {
    const { err } = await run(
      'encode',
      '--schema',
      schemaFile,
      '--secret-file',
      file('short.txt', 'abc'),
      file('p.csv', POLICE),
    );
    expect(err).toMatch(/secret is only 3 bytes/);
    expect(err).not.toContain('abc');
  });
});
