import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { ingestPosts } from './posts.service.js';
import {
  findIngestActor,
  runScreenWorker,
  type ScreenWorkerOptions,
  subjectCovers,
  WorkerConfigError,
  type WorkerEvent,
  workerOptionProblems,
} from './posts.worker.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

async function natsAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 4222) });
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

const natsUp = await natsAnswers(NATS_URL);
// In CI the NATS server is part of the machine: its absence is a failure, not a skip.
const natsRequired = process.env.CI === 'true';
if (!natsUp && !natsRequired) {
  console.log(`[jaga] screening worker tests skipped: no NATS server at ${NATS_URL}`);
}

describe('subject filters', () => {
  it('tells which subjects a stream pattern captures', () => {
    expect(subjectCovers('feeds.>', 'feeds.posts.facebook')).toBe(true);
    expect(subjectCovers('feeds.>', 'feeds.posts.>')).toBe(true);
    expect(subjectCovers('feeds.*', 'feeds.posts.x')).toBe(false);
    expect(subjectCovers('feeds.*.x', 'feeds.*.x')).toBe(true);
    expect(subjectCovers('feeds.*', 'feeds.>')).toBe(false);
    expect(subjectCovers('feeds.>', 'feeds')).toBe(false);
    expect(subjectCovers('feeds.posts', 'feeds.posts')).toBe(true);
  });

  it('refuses a dead-letter subject the worker itself consumes, and bad names', () => {
    const problems = workerOptionProblems({
      stream: 'FEEDS.1',
      subject: 'feeds.>',
      durable: 'jaga-screen',
      deadLetterSubject: 'feeds.dead',
      batchSize: 501,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^stream: "FEEDS.1" is not a stream name/),
      expect.stringMatching(/^dead-letter subject: "feeds.dead" matches the consumed subject/),
      expect.stringMatching(/^batch size: must be a whole number from 1 to 500, got 501/),
    ]);
  });
});

describe.skipIf(!natsUp && !natsRequired)('the screening worker on NATS JetStream', () => {
  let database: TestDatabase;
  let nc: NatsConnection;
  let owner: TestActor;
  const streams: string[] = [];

  beforeAll(async () => {
    if (!natsUp) throw new Error(`CI=true but no NATS server answers at ${NATS_URL}`);
    database = await createTestDatabase();
    nc = await connect({ servers: NATS_URL });
    owner = await createTestActor(database.db, { organisation: { name: 'Worker platform' } });
  });
  afterAll(async () => {
    if (nc) {
      const jsm = await jetstreamManager(nc);
      for (const name of streams) await jsm.streams.delete(name).catch(() => {});
      await nc.drain();
    }
    await database?.drop();
  });

  /** A fresh stream/consumer/subject set for one test. */
  function names(): ScreenWorkerOptions {
    const id = randomBytes(4).toString('hex');
    const stream = `JAGA_TEST_${id}`;
    streams.push(stream);
    return {
      stream,
      subject: `test-${id}.posts.>`,
      durable: 'jaga-screen',
      deadLetterSubject: `test-${id}.dead`,
      batchSize: 25,
      fetchWaitMs: 1_000,
      retryDelayMs: 100,
    };
  }

  const postCount = async (source: string) =>
    Number(
      (
        await database.db
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('source', '=', source)
          .where('organisation_id', '=', owner.actor.organisationId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Runs workers until `done()` holds (checked every 100 ms), then stops them gracefully. */
  async function runUntil(
    options: ScreenWorkerOptions,
    done: () => Promise<boolean>,
    workers = 1,
    events: WorkerEvent[] = [],
  ) {
    const controller = new AbortController();
    const running = Array.from({ length: workers }, () =>
      runScreenWorker(database.db, nc, owner.actor, {
        ...options,
        signal: controller.signal,
        log: (e) => events.push(e),
      }),
    );
    const deadline = Date.now() + 15_000;
    try {
      while (!(await done())) {
        if (Date.now() > deadline)
          throw new Error(`workers did not finish: ${JSON.stringify(events.slice(-6))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      controller.abort();
    }
    return Promise.all(running);
  }

  const consumerState = async (options: ScreenWorkerOptions) => {
    const info = await (await jetstreamManager(nc)).consumers.info(options.stream, options.durable);
    return { pending: info.num_pending, unacked: info.num_ack_pending };
  };

  async function publish(options: ScreenWorkerOptions, payloads: (string | object)[]) {
    const js = jetstream(nc);
    const prefix = options.subject.replace(/\.>$/, '');
    for (const payload of payloads) {
      await js.publish(
        `${prefix}.telegram`,
        typeof payload === 'string' ? payload : JSON.stringify(payload),
      );
    }
  }

  it('stores every message once, acknowledges it after the commit and leaves nothing pending', async () => {
    const options = names();
    // Creating the stream and consumer first, as a platform would before publishing.
    const controller = new AbortController();
    controller.abort();
    const setup: WorkerEvent[] = [];
    await runScreenWorker(database.db, nc, owner.actor, {
      ...options,
      signal: controller.signal,
      log: (e) => setup.push(e),
    });
    expect(setup[0]).toMatchObject({ event: 'ready', createdStream: true });
    const posts = Array.from({ length: 60 }, (_, i) => ({
      source: 'telegram',
      externalId: `tg-once-${i}`,
      text: `Urgent hiring ${i} in Sihanoukville, $1,500/month, free visa. Telegram @hr_kh_${i}`,
    }));
    // The same post published twice (a platform retry) is stored once.
    await publish(options, [...posts, posts[0] as object]);
    const events: WorkerEvent[] = [];
    const [totals] = await runUntil(
      options,
      async () =>
        (await consumerState(options)).pending === 0 &&
        (await consumerState(options)).unacked === 0,
      1,
      events,
    );
    expect(await postCount('telegram')).toBeGreaterThanOrEqual(60);
    const stored = await database.db
      .selectFrom('posts')
      .select(['external_id'])
      .where('external_id', 'like', 'tg-once-%')
      .execute();
    expect(stored).toHaveLength(60);
    expect(totals).toMatchObject({ received: 61, stored: 60, duplicates: 1, refused: 0 });
    expect(events[0]).toMatchObject({ event: 'ready', createdStream: false });
    expect(events.at(-1)).toMatchObject({ event: 'stopped' });
    // Each stored post has its custody leaf, once.
    const leaves = await database.db
      .selectFrom('custody_log_leaves')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('leaf', 'like', '%"post.ingest"%')
      .executeTakeFirstOrThrow();
    expect(Number(leaves.n)).toBeGreaterThanOrEqual(60);
  });

  it('dead-letters malformed messages with the reason and stores the rest', async () => {
    const options = names();
    const dead: { reason: string | undefined; sequence: string | undefined; body: string }[] = [];
    const sub = nc.subscribe(options.deadLetterSubject, {
      callback: (_error, msg) => {
        dead.push({
          reason: msg.headers?.get('Jaga-Reason'),
          sequence: msg.headers?.get('Jaga-Sequence'),
          body: msg.string(),
        });
      },
    });
    const controller = new AbortController();
    controller.abort();
    await runScreenWorker(database.db, nc, owner.actor, { ...options, signal: controller.signal });
    await publish(options, [
      {
        source: 'telegram',
        externalId: 'tg-mixed-1',
        text: 'Typing job, high salary, TG @typing_kh',
      },
      '{"source": "telegram", "text": ',
      '[1, 2]',
      { source: 'myspace', externalId: 'tg-mixed-x', text: 'Hiring' },
      { source: 'telegram', externalId: 'tg-mixed-2', text: 'Casino work in Bavet, free flight' },
    ]);
    const [totals] = await runUntil(options, async () => {
      const state = await consumerState(options);
      return state.pending === 0 && state.unacked === 0 && dead.length >= 3;
    });
    sub.unsubscribe();
    expect(totals).toMatchObject({ received: 5, stored: 2, refused: 3 });
    expect(dead.map((d) => d.sequence)).toEqual(['2', '3', '4']);
    expect(dead[0]?.reason).toMatch(/^not a JSON post: .*each message must be one JSON object/);
    expect(dead[1]?.reason).toMatch(/expected one JSON object .* got an array/);
    expect(dead[2]?.reason).toMatch(/^source: "myspace" is not a known source/);
    expect(dead[1]?.body).toBe('[1, 2]');
    const stored = await database.db
      .selectFrom('posts')
      .select('external_id')
      .where('external_id', 'like', 'tg-mixed-%')
      .orderBy('external_id')
      .execute();
    expect(stored.map((r) => r.external_id)).toEqual(['tg-mixed-1', 'tg-mixed-2']);
  });

  it('stores nothing twice when messages stored before a crash are delivered again', async () => {
    const options = { ...names(), ackWaitMs: 1_000 };
    const controller = new AbortController();
    controller.abort();
    await runScreenWorker(database.db, nc, owner.actor, { ...options, signal: controller.signal });
    const posts = Array.from({ length: 20 }, (_, i) => ({
      source: 'telegram',
      externalId: `tg-crash-${i}`,
      text: `Crypto customer service ${i}, Myawaddy, WhatsApp +66 81 234 ${String(5000 + i)}`,
    }));
    await publish(options, posts);
    // A worker that stored the first ten and died before acknowledging them: fetched, stored, no ack.
    const consumer = await jetstream(nc).consumers.get(options.stream, options.durable);
    const fetched = await consumer.fetch({ max_messages: 10, expires: 1000 });
    const taken = [];
    for await (const msg of fetched) taken.push(msg.json());
    expect(taken).toHaveLength(10);
    await ingestPosts(database.db, owner.actor, taken);

    const [totals] = await runUntil(options, async () => {
      const state = await consumerState(options);
      return state.pending === 0 && state.unacked === 0;
    });
    expect(totals).toMatchObject({ received: 20, stored: 10, duplicates: 10 });
    const stored = await database.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('external_id', 'like', 'tg-crash-%')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(20);
  });

  it('shares one durable consumer between two workers side by side, each post stored once', async () => {
    const options = { ...names(), batchSize: 10 };
    const controller = new AbortController();
    controller.abort();
    await runScreenWorker(database.db, nc, owner.actor, { ...options, signal: controller.signal });
    await publish(
      options,
      Array.from({ length: 120 }, (_, i) => ({
        source: 'telegram',
        externalId: `tg-pair-${i}`,
        text: `Online job ${i} in Poipet, no experience, contact @poipet_hr_${i % 7}`,
      })),
    );
    const results = await runUntil(
      options,
      async () => {
        const state = await consumerState(options);
        return state.pending === 0 && state.unacked === 0;
      },
      2,
    );
    expect(results.reduce((sum, t) => sum + t.stored, 0)).toBe(120);
    expect(results.every((t) => t.received > 0)).toBe(true);
    const stored = await database.db
      .selectFrom('posts')
      .select((eb) => eb.fn.count('external_id').distinct().as('n'))
      .select((eb) => eb.fn.countAll().as('all'))
      .where('external_id', 'like', 'tg-pair-%')
      .executeTakeFirstOrThrow();
    expect({ distinct: Number(stored.n), all: Number(stored.all) }).toEqual({
      distinct: 120,
      all: 120,
    });
  });

  it('refuses an existing stream that does not capture the subject, and an existing push-style mismatch', async () => {
    const options = names();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: options.stream, subjects: ['elsewhere-' + options.stream] });
    await expect(runScreenWorker(database.db, nc, owner.actor, options)).rejects.toThrow(
      WorkerConfigError,
    );
    await expect(runScreenWorker(database.db, nc, owner.actor, options)).rejects.toThrow(
      /does not capture test-.*\.posts\.> \(its subjects: elsewhere-/,
    );
    const other = names();
    await jsm.streams.add({ name: other.stream, subjects: [other.subject] });
    await jsm.consumers.add(other.stream, {
      durable_name: other.durable,
      ack_policy: AckPolicy.None,
      filter_subject: other.subject,
    });
    await expect(runScreenWorker(database.db, nc, owner.actor, other)).rejects.toThrow(
      /exists with filter .* and ack policy none/,
    );
  });

  it('finds the account posts are stored as, and refuses viewers', async () => {
    await expect(findIngestActor(database.db, owner.email.toUpperCase())).resolves.toEqual({
      userId: owner.actor.userId,
      organisationId: owner.actor.organisationId,
      role: 'investigator',
    });
    const viewer = await createTestActor(database.db, {
      organisation: owner.actor.organisationId,
      role: 'viewer',
    });
    await expect(findIngestActor(database.db, viewer.email)).rejects.toThrow(/is a viewer/);
    await expect(findIngestActor(database.db, 'nobody@x.example')).rejects.toThrow(
      /No user with e-mail nobody@x.example; create one with jaga admin create-user/,
    );
  });
});
