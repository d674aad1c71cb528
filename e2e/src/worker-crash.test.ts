import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  adminCreateOrganisation,
  adminCreateUser,
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
} from '@jaga/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED } from './browser.js';
import { freshDataDir, missingBuild, REPO_ROOT } from './server-process.js';

// The screening worker as an operator runs it: the built `jaga worker screen` on a real NATS
// JetStream server, killed with SIGKILL in the middle of its work and started again.

const CLI = path.join(REPO_ROOT, 'apps/cli/bin/jaga.js');
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PG_URL = process.env.JAGA_CI_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUIRED = BROWSER_REQUIRED || process.env.CI === 'true';

function answers(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const skipReason =
  missingBuild() ?? ((await answers(NATS_URL, 4222)) ? undefined : `no NATS server at ${NATS_URL}`);
const pgSkipReason = (await answers(PG_URL, 5432)) ? undefined : `no PostgreSQL at ${PG_URL}`;
if (skipReason && !REQUIRED) console.log(`[jaga] worker crash tests skipped: ${skipReason}`);
else if (pgSkipReason && !REQUIRED) {
  console.log(`[jaga] two-worker crash test skipped: ${pgSkipReason}`);
}

const EMAIL = 'feeds@platform.example';

/** A `jaga worker screen` child process and the JSON events it printed. */
interface WorkerProcess {
  child: ChildProcess;
  events(): Record<string, unknown>[];
  output(): string;
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

function spawnWorker(args: string[], env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [CLI, 'worker', 'screen', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    err += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    events: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    output: () => `${out}\n${err}`,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const storedBatches = (worker: WorkerProcess) =>
  worker.events().filter((e) => e.event === 'batch' && Number(e.stored) > 0).length;

describe.skipIf(skipReason !== undefined && !REQUIRED)(
  'the screening worker killed mid-batch',
  () => {
    let nc: NatsConnection;
    const streams: string[] = [];

    beforeAll(async () => {
      if (skipReason)
        throw new Error(`worker crash tests are required here but cannot run: ${skipReason}`);
      nc = await connect({ servers: NATS_URL });
    });
    afterAll(async () => {
      if (!nc) return;
      const jsm = await jetstreamManager(nc);
      for (const name of streams) await jsm.streams.delete(name).catch(() => {});
      await nc.drain();
    });

    /** A stream with the feed, plus one that keeps the dead letters so the test can read them. */
    async function feed(count: number, prefix: string) {
      const id = randomBytes(4).toString('hex');
      const names = {
        stream: `JAGA_E2E_${id}`,
        subject: `e2e-${id}.posts.>`,
        deadLetter: `e2e-${id}.dead`,
        deadStream: `JAGA_E2E_DEAD_${id}`,
      };
      streams.push(names.stream, names.deadStream);
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: names.stream, subjects: [names.subject] });
      await jsm.streams.add({ name: names.deadStream, subjects: [names.deadLetter] });
      const js = jetstream(nc);
      const publishing: Promise<unknown>[] = [];
      for (let i = 0; i < count; i++) {
        // One malformed message early on: it is reported and must not hold the rest back.
        const body =
          i === 7
            ? '{"source": "facebook", "text": "cut off'
            : JSON.stringify({
                source: 'facebook',
                externalId: `${prefix}-${i}`,
                text: `Urgent hiring ${i}: customer service in Sihanoukville, $1,${String(200 + (i % 700)).padStart(3, '0')}/month, free flight. Telegram @kh_jobs_${i % 50}`,
              });
        publishing.push(js.publish(`e2e-${id}.posts.facebook`, body));
        if (publishing.length >= 200) await Promise.all(publishing.splice(0));
      }
      await Promise.all(publishing);
      return names;
    }

    const args = (names: Awaited<ReturnType<typeof feed>>) => [
      '--subject',
      names.subject,
      '--stream',
      names.stream,
      '--dead-letter',
      names.deadLetter,
      '--as',
      EMAIL,
      '--batch',
      '50',
      '--ack-wait',
      '3',
    ];

    async function drained(names: Awaited<ReturnType<typeof feed>>) {
      const info = await (await jetstreamManager(nc)).consumers.info(names.stream, 'jaga-screen');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }

    async function deadLetters(names: Awaited<ReturnType<typeof feed>>) {
      const info = await (await jetstreamManager(nc)).streams.info(names.deadStream);
      const message = await (
        await jetstreamManager(nc)
      ).streams.getMessage(names.deadStream, {
        seq: 1,
      });
      return { count: info.state.messages, reason: message?.header.get('Jaga-Reason') };
    }

    async function exactlyOnce(db: DatabaseHandle['db'], prefix: string) {
      const posts = await db
        .selectFrom('posts')
        .select((eb) => [
          eb.fn.countAll().as('all'),
          eb.fn.count('external_id').distinct().as('distinct'),
        ])
        .where('external_id', 'like', `${prefix}-%`)
        .executeTakeFirstOrThrow();
      const leaves = await sql<{ n: number }>`
      select count(*) as n from custody_log_leaves
      where subject_id in (select id::text from posts where external_id like ${`${prefix}-%`})`.execute(
        db,
      );
      return {
        posts: Number(posts.all),
        distinct: Number(posts.distinct),
        leaves: Number(leaves.rows[0]?.n),
      };
    }

    async function createAccount(db: DatabaseHandle['db']) {
      await migrateToLatest(db);
      await adminCreateOrganisation(db, { name: 'Platform T&S', type: 'platform', country: 'SG' });
      await adminCreateUser(db, { organisation: 'Platform T&S', email: EMAIL, role: 'analyst' });
    }

    it('on the embedded database: SIGKILL, restart, every message stored exactly once', async () => {
      const N = 1200;
      const dataDir = freshDataDir();
      try {
        const setup = await openDatabase({ dataDir });
        await createAccount(setup.db);
        await setup.close();
        const names = await feed(N, 'one');
        const env = { DATABASE_URL: '' };

        const first = spawnWorker([...args(names), '--data', dataDir], env);
        await waitFor('two stored batches', () => storedBatches(first) >= 2, 90_000).catch(
          (error) => {
            throw new Error(`${(error as Error).message}:\n${first.output()}`);
          },
        );
        await first.stop('SIGKILL');
        expect(await drained(names)).toBe(false);

        const second = spawnWorker([...args(names), '--data', dataDir], env);
        await waitFor('every message acknowledged', () => drained(names), 120_000).catch(
          (error) => {
            throw new Error(`${(error as Error).message}:\n${second.output()}`);
          },
        );
        await expect(second.stop('SIGTERM')).resolves.toBe(0);
        expect(second.events().at(-1)).toMatchObject({ event: 'stopped' });

        const dead = await deadLetters(names);
        expect(dead.count).toBe(1);
        expect(dead.reason).toMatch(/^not a JSON post/);

        const check = await openDatabase({ dataDir });
        try {
          expect(await exactlyOnce(check.db, 'one')).toEqual({
            posts: N - 1,
            distinct: N - 1,
            leaves: N - 1,
          });
        } finally {
          await check.close();
        }
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }, 300_000);

    it.skipIf(pgSkipReason !== undefined && !REQUIRED)(
      'on PostgreSQL: two workers side by side, one killed mid-batch, every message stored exactly once',
      async () => {
        const N = 1500;
        const dbName = `jaga_e2e_worker_${randomBytes(4).toString('hex')}`;
        const admin = await openDatabase({ databaseUrl: PG_URL });
        await sql.raw(`create database ${dbName}`).execute(admin.db);
        const url = new URL(PG_URL);
        url.pathname = `/${dbName}`;
        let check: DatabaseHandle | undefined;
        try {
          check = await openDatabase({ databaseUrl: url.toString() });
          await createAccount(check.db);
          const names = await feed(N, 'two');
          const env = { DATABASE_URL: url.toString() };
          const a = spawnWorker(args(names), env);
          const b = spawnWorker(args(names), env);
          await waitFor(
            'both workers storing',
            () => storedBatches(a) >= 2 && storedBatches(b) >= 1,
            90_000,
          ).catch((error) => {
            throw new Error(`${(error as Error).message}:\n${a.output()}\n${b.output()}`);
          });
          await a.stop('SIGKILL');
          await waitFor('every message acknowledged', () => drained(names), 120_000).catch(
            (error) => {
              throw new Error(`${(error as Error).message}:\n${b.output()}`);
            },
          );
          await expect(b.stop('SIGTERM')).resolves.toBe(0);
          expect((await deadLetters(names)).count).toBe(1);
          expect(await exactlyOnce(check.db, 'two')).toEqual({
            posts: N - 1,
            distinct: N - 1,
            leaves: N - 1,
          });
        } finally {
          await check?.close();
          await sql.raw(`drop database if exists ${dbName} with (force)`).execute(admin.db);
          await admin.close();
        }
      },
      300_000,
    );
  },
);
