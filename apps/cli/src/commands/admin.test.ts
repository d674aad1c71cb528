import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { createApp, openDatabase } from '@jaga/server';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../lib/errors.js';
import { adminCommand } from './admin.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-admin-'));
const data = path.join(dir, 'data');
// These tests are about the embedded database's data folder (its lock included), so they ignore a
// DATABASE_URL set for the PostgreSQL pass; the commands reach PostgreSQL through the same
// openDatabase the server suite tests there.
const databaseUrl = process.env.DATABASE_URL;
beforeAll(() => {
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  if (databaseUrl !== undefined) process.env.DATABASE_URL = databaseUrl;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `jaga admin …args` in-process on the test's data folder. */
async function run(args: string[], stdin?: string): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const admin = adminCommand({
    stdin: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]),
    stdout: sink((s) => {
      out += s;
    }),
    stderr: sink((s) => {
      err += s;
    }),
  });
  admin.exitOverride().configureOutput({ writeErr: () => {} });
  for (const sub of admin.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
  const program = new Command('jaga').exitOverride().addCommand(admin);
  await program.parseAsync(['node', 'jaga', 'admin', ...args, '--data', data]);
  return { out, err };
}

/** Calls the API of a node on the same data folder, as `jaga serve` would after the commands. */
async function withApp<T>(
  use: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase({ dataDir: data });
  const app = await createApp({ db: handle.db, databaseKind: handle.kind, version: '0.0.0' });
  try {
    return await use(app);
  } finally {
    await app.close();
    await handle.close();
  }
}

describe('jaga admin', { timeout: 90_000 }, () => {
  it('creates an organisation, users and tokens that work; a revoked token stops', async () => {
    const org = await run([
      'create-org',
      '--name',
      'Anti-Trafficking Unit',
      '--type',
      'law-enforcement',
      '--country',
      'th',
    ]);
    expect(org.out.trim()).toMatch(/^[0-9a-f-]{36}$/);
    expect(org.err).toContain('Created organisation "Anti-Trafficking Unit" (law-enforcement, TH)');

    const piped = await run(
      [
        'create-user',
        '--org',
        'Anti-Trafficking Unit',
        '--email',
        'Officer@Unit.example',
        '--role',
        'investigator',
        '--password-stdin',
      ],
      'a long piped passphrase\n',
    );
    expect(piped.err).toContain('officer@unit.example (investigator, Anti-Trafficking Unit)');

    const generated = await run([
      'create-user',
      '--org',
      'anti-trafficking unit',
      '--email',
      'analyst@unit.example',
      '--role',
      'analyst',
    ]);
    const password = generated.out.trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generated.err).toMatch(/shown only now/);

    const token = await run([
      'create-token',
      '--email',
      'officer@unit.example',
      '--scope',
      'read,write',
      '--expires-in-days',
      '7',
    ]);
    const secret = token.out.trim();
    expect(secret).toMatch(/^jaga_[A-Za-z0-9_-]{43}$/);
    expect(token.err).toContain('scopes read, write');
    expect(token.err).not.toContain(secret);

    const revoked = await run(['create-token', '--email', 'analyst@unit.example']);
    const revokedId = /API token ([0-9a-f-]{36})/.exec(revoked.err)?.[1];
    expect(revokedId).toBeDefined();
    await run(['revoke-token', '--id', revokedId ?? '']);

    await withApp(async (app) => {
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        user: { email: 'officer@unit.example', role: 'investigator' },
        organisation: { name: 'Anti-Trafficking Unit', country: 'TH' },
        scopes: ['read', 'write'],
      });
      const gone = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${revoked.out.trim()}` },
      });
      expect(gone.statusCode).toBe(401);
      for (const [email, pass] of [
        ['officer@unit.example', 'a long piped passphrase'],
        ['analyst@unit.example', password],
      ]) {
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email, password: pass },
        });
        expect(login.statusCode).toBe(200);
      }
    });
  });

  it('explains bad input in one line', async () => {
    await expect(
      run(['create-org', '--name', 'X', '--type', 'militia', '--country', 'TH']),
    ).rejects.toThrow(/Unknown organisation type "militia"; use one of law-enforcement/);
    await expect(
      run(['create-user', '--org', 'Nobody', '--email', 'a@b.example', '--role', 'viewer']),
    ).rejects.toThrow(/No organisation named "Nobody"; create it first/);
    await expect(
      run(
        [
          'create-user',
          '--org',
          'Anti-Trafficking Unit',
          '--email',
          'c@unit.example',
          '--role',
          'viewer',
          '--password-stdin',
        ],
        'short\n',
      ),
    ).rejects.toSatisfy(
      (error) =>
        error instanceof CliError && error.exitCode === 2 && /at least 12/.test(error.message),
    );
  });

  it('says clearly when the data folder is in use by a running server', async () => {
    // A live process other than this one owns the folder, as a running `jaga serve` would.
    const lock = path.join(data, 'jaga.pid');
    fs.writeFileSync(lock, `${process.ppid}\n`);
    try {
      await expect(run(['create-token', '--email', 'analyst@unit.example'])).rejects.toThrow(
        /in use by another Jaga process.*stop jaga serve/,
      );
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });
});
