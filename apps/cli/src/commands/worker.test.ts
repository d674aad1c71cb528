import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import {
  adminCreateOrganisation,
  adminCreateUser,
  migrateToLatest,
  openDatabase,
  StartupError,
} from '@jaga/server';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../lib/errors.js';
import { workerCommand } from './worker.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-worker-'));
const data = path.join(dir, 'data');
// About the embedded data folder; a DATABASE_URL set for the PostgreSQL pass is ignored here.
const databaseUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  delete process.env.DATABASE_URL;
  const handle = await openDatabase({ dataDir: data });
  try {
    await migrateToLatest(handle.db);
    await adminCreateOrganisation(handle.db, { name: 'Feeds', type: 'platform', country: 'SG' });
    await adminCreateUser(handle.db, {
      organisation: 'Feeds',
      email: 'feeds@x.example',
      role: 'analyst',
    });
  } finally {
    await handle.close();
  }
}, 90_000);
afterAll(() => {
  if (databaseUrl !== undefined) process.env.DATABASE_URL = databaseUrl;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ err: string; error?: unknown }> {
  let err = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      err += String(chunk);
      done();
    },
  });
  const controller = new AbortController();
  const command = workerCommand({ stdout: sink, stderr: sink, signal: controller.signal });
  command.exitOverride().configureOutput({ writeErr: () => {} });
  for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
  const program = new Command('jaga').exitOverride().addCommand(command);
  try {
    await program.parseAsync(['node', 'jaga', 'worker', 'screen', ...args]);
    return { err };
  } catch (error) {
    return { err, error };
  }
}

describe('jaga worker screen', { timeout: 60_000 }, () => {
  it('refuses a dead-letter subject inside the consumed subject before opening anything', async () => {
    const { error } = await run([
      '--subject',
      'feeds.>',
      '--dead-letter',
      'feeds.dead',
      '--as',
      'feeds@x.example',
      '--data',
      path.join(dir, 'never-created'),
    ]);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(
      /dead-letter subject: "feeds.dead" matches the consumed subject "feeds.>"/,
    );
    expect(fs.existsSync(path.join(dir, 'never-created'))).toBe(false);
  });

  it('says in one line when NATS does not answer, and that several workers need PostgreSQL', async () => {
    const { err, error } = await run([
      '--subject',
      'feeds.posts.>',
      '--as',
      'feeds@x.example',
      '--nats',
      'nats://127.0.0.1:1',
      '--data',
      data,
    ]);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(
      /^Cannot connect to NATS at nats:\/\/127.0.0.1:1: .*nats-server -js/,
    );
    expect(err).toMatch(/for several workers set DATABASE_URL \(PostgreSQL\)/);
  });

  it('refuses an unknown account with the command to create one', async () => {
    const { error } = await run([
      '--subject',
      'feeds.posts.>',
      '--as',
      'who@x.example',
      '--data',
      data,
    ]);
    expect((error as CliError).message).toMatch(
      /^--as: No user with e-mail who@x.example; create one with jaga admin create-user/,
    );
  });
});
