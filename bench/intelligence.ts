// Intelligence graph benchmark:
//   1. ingestion end to end (screen + store + correlate: ingestPosts, the path of the API, the
//      import command and the stream worker) in posts per second, on embedded PGlite and on
//      PostgreSQL, against screening alone (the baseline, measured in the same run);
//   2. at scale, on PostgreSQL: 1 million posts and 2 million selectors (with 2 million sightings)
//      bulk-generated in SQL, then selector look-up (GET /api/v1/selectors' service) and search
//      (GET /api/v1/search's service) latency, p50 and p99 over random requests.
//
//   npx tsx --conditions=jaga-source bench/intelligence.ts                       # both parts
//   npx tsx --conditions=jaga-source bench/intelligence.ts --skip-scale          # ingestion only
//   npx tsx --conditions=jaga-source bench/intelligence.ts --posts 1000000 --selectors 2000000
//   npx tsx --conditions=jaga-source bench/intelligence.ts --skip-ingest --keep-database  # then:
//   npx tsx --conditions=jaga-source bench/intelligence.ts --skip-ingest --database jaga_bench_scale_…
//
// PostgreSQL is DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres; the benchmark
// creates and drops its own databases there. PGlite runs in a temporary data folder. The scale
// part runs on PostgreSQL only: loading 1M posts with their text indexes into PGlite (one WASM
// thread) takes too long to be part of a routine run. Numbers go in docs/intelligence.md.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createScreener } from '@jaga/screening';
import { type DatabaseHandle, ingestPosts, migrateToLatest, openDatabase } from '@jaga/server';
import { sql } from 'kysely';
import { search } from '../apps/server/src/modules/search/search.service.js';
import { lookupSelector } from '../apps/server/src/modules/selectors/selectors.service.js';
import { median, quantile, rng } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    'per-run': { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    batch: { type: 'string', default: '100' },
    posts: { type: 'string', default: '1000000' },
    selectors: { type: 'string', default: '2000000' },
    lookups: { type: 'string', default: '2000' },
    searches: { type: 'string', default: '200' },
    'skip-scale': { type: 'boolean', default: false },
    'skip-ingest': { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
    'keep-database': { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const PER_RUN = Number(values['per-run']);
const RUNS = Number(values.runs);
const BATCH = Number(values.batch);
const SCALE_POSTS = Number(values.posts);
const SCALE_SELECTORS = Number(values.selectors);
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const say = (line: string) => process.stdout.write(`${line}\n`);

// --- the generated feed: scam ads and ordinary job ads, with shared recruiters' contacts -----

const random = rng(11);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const PLACES = ['Sihanoukville', 'Bavet', 'Poipet', 'Myawaddy', 'Bangkok', 'Vientiane', 'Manila'];
const SCAM = [
  'URGENT HIRING customer service in {place}, no experience, ${pay}/month, free flight and visa, contact Telegram @{handle} or WhatsApp {phone}',
  'Typing job {place} high salary ${pay} per month, food and accommodation provided, passport needed, message @{handle}',
  'Crypto marketing team in {place}: easy work, ${pay}/month + commission, tickets paid. Call {phone} now. Deposit to {wallet}',
  'Online sales (English/Chinese) {place} tech park, ${pay} monthly, we arrange your travel, DM @{handle}, site {url}',
];
const ORDINARY = [
  'Front desk agent at a hotel in {place}. Two years of experience, good English. Health insurance and annual leave. Apply on {url}',
  'Warehouse supervisor, {place}. Contract per labour law, social security, 5-day week. Call HR {phone}.',
];
// Recruiters reuse contacts across posts: a pool smaller than the feed makes sightings correlate.
const handles = Array.from({ length: 400 }, (_, i) => `hr_jobs_${i}`);
const phones = Array.from(
  { length: 400 },
  (_, i) => `+855 96 ${String(1000000 + i * 37).slice(1, 4)} ${String(1000 + i).slice(-4)}`,
);
const wallets = [
  'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
  'TN3W4H6rK2ce4vX9YnFQHwKENnHjoxb3m9',
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
];

function generatePost(run: string, i: number) {
  const template = random() < 0.7 ? pick(SCAM) : pick(ORDINARY);
  const text = template
    .replace('{place}', pick(PLACES))
    .replace('{pay}', String(800 + Math.floor(random() * 40) * 50))
    .replace('{handle}', pick(handles))
    .replace('{phone}', pick(phones))
    .replace('{wallet}', pick(wallets))
    .replace('{url}', `https://jobs-${Math.floor(random() * 300)}.example/apply/${i}`);
  return {
    source: pick(['facebook', 'telegram', 'tiktok', 'job-board'] as const),
    externalId: `${run}-${i}`,
    text: `${text} (ref ${run}-${i})`,
  };
}

// --- 1. ingestion end to end --------------------------------------------------------------------

async function createActor(db: DatabaseHandle['db'], name: string) {
  const org = await db
    .insertInto('organisations')
    .values({ name, type: 'platform', country: 'SG' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({
      organisation_id: org.id,
      email: `${name.toLowerCase().replace(/\W+/g, '-')}@bench.jaga.example`,
      display_name: name,
      role: 'analyst',
      password_hash: 'not-a-login',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: user.id, organisationId: org.id, role: 'analyst' as const };
}

async function throwawayPostgres(prefix: string) {
  const admin = await openDatabase({ databaseUrl: PG_URL });
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await sql.raw(`create database ${name}`).execute(admin.db);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  return {
    handle,
    name,
    /** Close both connections and leave the database in place. */
    async keep() {
      await handle.close();
      await admin.close();
    },
    async drop() {
      await handle.close();
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    },
  };
}

/**
 * CPU seconds used so far by this database's PostgreSQL backends (read from /proc: the server runs
 * on this machine), or undefined where /proc is not readable.
 */
async function backendCpuSeconds(db: DatabaseHandle['db']): Promise<number | undefined> {
  const pids = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(db);
  let ticks = 0;
  try {
    for (const { pid } of pids.rows) {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return ticks / 100;
}

async function ingestBench() {
  const screener = createScreener();
  const runs = Array.from({ length: RUNS }, (_, r) =>
    Array.from({ length: PER_RUN }, (_, i) => generatePost(`run${r}`, i)),
  );
  // Warm-up of the screener's hot paths (the ingestion runs below screen the same way).
  for (const post of runs[0]?.slice(0, 500) ?? []) screener.screen({ text: post.text });

  const screeningRates: number[] = [];
  for (const posts of runs) {
    const start = performance.now();
    for (const post of posts) screener.screen({ text: post.text, ...(post.source ? {} : {}) });
    screeningRates.push(posts.length / ((performance.now() - start) / 1000));
  }
  const screening = median(screeningRates);
  say(`screening alone: ${screening.toFixed(0)} posts/s (median of ${RUNS} runs of ${PER_RUN})`);

  const backends: {
    label: string;
    open: () => Promise<{ handle: DatabaseHandle; drop(): Promise<void> }>;
  }[] = [];
  if (!values['skip-pglite']) {
    backends.push({
      label: 'PGlite',
      open: async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-bench-intel-'));
        const handle = await openDatabase({ dataDir: dir });
        return {
          handle,
          async drop() {
            await handle.close();
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    });
  }
  backends.push({ label: 'PostgreSQL', open: () => throwawayPostgres('jaga_bench_ingest') });

  const results: Record<string, number> = {};
  for (const backend of backends) {
    const { handle, drop } = await backend.open();
    try {
      await migrateToLatest(handle.db);
      const actor = await createActor(handle.db, `Bench ${backend.label}`);
      // Warm-up: the first batch pays for the hub secret and cold caches.
      await ingestPosts(
        handle.db,
        actor,
        Array.from({ length: BATCH }, (_, i) => generatePost('warm', i)),
        { screener },
      );
      const ingestAll = async (posts: readonly object[]) => {
        for (let i = 0; i < posts.length; i += BATCH) {
          const results = await ingestPosts(handle.db, actor, posts.slice(i, i + BATCH), {
            screener,
          });
          const failed = results.find((r) => 'error' in r);
          if (failed) throw new Error(`bench post refused: ${JSON.stringify(failed)}`);
        }
      };
      const rates: number[] = [];
      const cpuPerPost: number[] = [];
      for (const posts of runs) {
        const pgBefore =
          backend.label === 'PostgreSQL' ? await backendCpuSeconds(handle.db) : undefined;
        const cpu = process.cpuUsage();
        const start = performance.now();
        await ingestAll(posts);
        const wall = (performance.now() - start) / 1000;
        const used = process.cpuUsage(cpu);
        const pgAfter =
          backend.label === 'PostgreSQL' ? await backendCpuSeconds(handle.db) : undefined;
        rates.push(posts.length / wall);
        // This process's CPU (PGlite runs inside it) plus the PostgreSQL backends' CPU.
        const pgCpu = pgBefore !== undefined && pgAfter !== undefined ? pgAfter - pgBefore : 0;
        cpuPerPost.push(((used.user + used.system) / 1e6 + pgCpu) / posts.length);
      }
      say(
        `  ${backend.label}: ${(median(cpuPerPost) * 1000).toFixed(2)} ms CPU per post (Node + database), i.e. ${(1 / median(cpuPerPost)).toFixed(0)} posts per CPU-second`,
      );
      if (backend.label === 'PostgreSQL') {
        // Two ingestion streams side by side (as two stream workers would be): one screens
        // while the other waits for PostgreSQL.
        const pairRates: number[] = [];
        for (const [r, posts] of runs.entries()) {
          const half = posts.length / 2;
          const renamed = posts.map((p) => ({ ...p, externalId: `pair-${r}-${p.externalId}` }));
          const start = performance.now();
          await Promise.all([ingestAll(renamed.slice(0, half)), ingestAll(renamed.slice(half))]);
          pairRates.push(posts.length / ((performance.now() - start) / 1000));
        }
        say(
          `  PostgreSQL, two ingestion streams side by side: ${median(pairRates).toFixed(0)} posts/s (runs ${pairRates.map((r) => r.toFixed(0)).join(', ')})`,
        );
      }
      const counts = await sql<{ posts: number; selectors: number; sightings: number }>`
        select (select count(*) from posts) as posts, (select count(*) from selectors) as selectors,
               (select count(*) from sightings) as sightings`.execute(handle.db);
      const rate = median(rates);
      results[backend.label] = rate;
      say(
        `ingest on ${backend.label}: ${rate.toFixed(0)} posts/s (median of ${RUNS} runs of ${PER_RUN}, batches of ${BATCH}; runs ${rates.map((r) => r.toFixed(0)).join(', ')}); ${(rate / screening).toFixed(2)}× screening alone; stored ${JSON.stringify(counts.rows[0])}`,
      );
    } finally {
      await drop();
    }
  }
  return { screening, ...results };
}

// --- 2. look-up and search at scale (PostgreSQL) ------------------------------------------------

async function scaleBench() {
  if (values.database) {
    // A database an earlier run kept: measure again without generating it.
    const url = new URL(PG_URL);
    url.pathname = `/${values.database}`;
    const handle = await openDatabase({ databaseUrl: url.toString() });
    try {
      const actor = await sql<{ organisationId: string; userId: string }>`
        select o.id as "organisationId", u.id as "userId" from organisations o
        join users u on u.organisation_id = o.id where o.name = 'Scale org 0'`.execute(handle.db);
      const row = actor.rows[0];
      if (!row)
        throw new Error(`${values.database} holds no generated scale data (no "Scale org 0")`);
      await measureScale(handle.db, { ...row, role: 'analyst' });
    } finally {
      await handle.close();
    }
    return;
  }
  const { handle, name, keep, drop } = await throwawayPostgres('jaga_bench_scale');
  const db = handle.db;
  try {
    await migrateToLatest(db);
    const orgs = [];
    for (let i = 0; i < 20; i++) orgs.push(await createActor(db, `Scale org ${i}`));
    const actor = orgs[0];
    if (!actor) throw new Error('no organisation');
    await sql`set maintenance_work_mem = '512MB'`.execute(db);
    // Generated rows reference only ids generated with them: foreign-key triggers are skipped
    // during the load (a superuser setting of this session only).
    await sql`set session_replication_role = replica`.execute(db);
    const started = performance.now();
    // The text indexes are rebuilt after the load (faster than maintaining them row by row);
    // the final schema is the migration's.
    await sql`drop index posts_search_idx`.execute(db);
    await sql`drop index selectors_value_lower_trgm_idx`.execute(db);
    await sql`create temporary table bench_orgs as select row_number() over (order by id) - 1 as n, id as org, (select u.id from users u where u.organisation_id = o.id limit 1) as usr from organisations o`.execute(
      db,
    );
    const CHUNK = 100_000;
    for (let from = 1; from <= SCALE_SELECTORS; from += CHUNK) {
      const to = Math.min(SCALE_SELECTORS, from + CHUNK - 1);
      // Selector k: phones, Telegram handles and TRON wallets in turn; ids derived from k.
      await sql`
        insert into selectors (id, type, qualifier, value, country, keyed_hash)
        select md5('s' || k)::uuid,
               (array['phone', 'handle', 'wallet'])[k % 3 + 1],
               (array['', 'telegram', 'TRON'])[k % 3 + 1],
               case k % 3 when 0 then '+8559' || lpad(k::text, 8, '0')
                          when 1 then 'recruit_' || k
                          else 'T' || substr(md5('w' || k), 1, 33) end,
               case k % 3 when 0 then 'KH' end,
               md5('h' || k) || md5('H' || k)
        from generate_series(${from}::int, ${to}::int) k`.execute(db);
    }
    say(
      `  ${SCALE_SELECTORS.toLocaleString('en')} selectors loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    const words = sql.raw(
      `(array['hiring','customer','service','typing','job','salary','visa','flight','casino','crypto','online','sales','team','urgent','free','accommodation','passport','agent','english','chinese','thai','vietnamese','bonus','commission','contract','hotel','warehouse','driver','teacher','nurse'])`,
    );
    const places = sql.raw(
      `(array['Sihanoukville','Bavet','Poipet','Myawaddy','Bangkok','Vientiane','Manila','Shwe Kokko','Golden Triangle','Phnom Penh'])`,
    );
    for (let from = 1; from <= SCALE_POSTS; from += CHUNK) {
      const to = Math.min(SCALE_POSTS, from + CHUNK - 1);
      await sql`
        insert into posts (id, organisation_id, created_by, tlp, source, external_id, text, language,
                           country, first_seen_at, last_seen_at, risk, decision, screening,
                           fingerprint, content_hash)
        select md5('p' || g)::uuid, o.org, o.usr,
               (array['CLEAR', 'GREEN', 'AMBER', 'AMBER', 'RED'])[g % 5 + 1],
               (array['facebook', 'telegram', 'tiktok', 'job-board'])[g % 4 + 1],
               'scale-' || g,
               ${words}[(g * 7) % 30 + 1] || ' ' || ${words}[(g * 13) % 30 + 1] || ' in ' ||
                 ${places}[(g * 3) % 10 + 1] || ', ' || ${words}[(g * 17) % 30 + 1] || ' ' ||
                 ${words}[(g * 23) % 30 + 1] || ' $' || (800 + g % 40 * 50) || '/month, ' ||
                 ${words}[(g * 29) % 30 + 1] || ' contact @recruit_' || ((g * 3) % ${SCALE_SELECTORS}::int + 1) ||
                 ' ref ' || g,
               'en', 'KH', now() - (g % 365) * interval '1 day', now(),
               (g % 100) / 100.0,
               case when g % 100 >= 80 then 'remove' when g % 100 >= 60 then 'review' when g % 100 >= 30 then 'label' else 'allow' end,
               '{"indicators":[],"selectors":{},"warning":null}',
               substr(md5('f' || g), 1, 16), md5('c' || g) || md5('C' || g)
        from generate_series(${from}::int, ${to}::int) g
        join bench_orgs o on o.n = g % 20`.execute(db);
      // Two sightings per post: one recruiter contact shared by many posts, one near-unique.
      await sql`
        insert into sightings (selector_id, post_id, seen_at, organisation_id, created_by)
        select md5('s' || s.k)::uuid, md5('p' || g)::uuid, now() - (g % 365) * interval '1 day', o.org, o.usr
        from generate_series(${from}::int, ${to}::int) g
        join bench_orgs o on o.n = g % 20
        cross join lateral (values ((g * 3) % ${SCALE_SELECTORS}::int + 1), ((g::bigint * 7919) % ${SCALE_SELECTORS}::int + 1)) as s(k)
        on conflict do nothing`.execute(db);
    }
    say(
      `  ${SCALE_POSTS.toLocaleString('en')} posts and their sightings loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    await sql`set session_replication_role = origin`.execute(db);
    await sql`create index posts_search_idx on posts using gin (search)`.execute(db);
    await sql`create index selectors_value_lower_trgm_idx on selectors using gist (lower(value) gist_trgm_ops(siglen = 256))`.execute(
      db,
    );
    await sql`analyze`.execute(db);
    const counts = await sql<{ posts: number; selectors: number; sightings: number }>`
      select (select count(*) from posts) as posts, (select count(*) from selectors) as selectors,
             (select count(*) from sightings) as sightings`.execute(db);
    say(
      `  loaded and indexed in ${((performance.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(counts.rows[0])}`,
    );
    await measureScale(db, actor);
  } finally {
    if (values['keep-database']) {
      say(`  kept database ${name} for inspection or --database (drop it when done)`);
      await keep();
    } else await drop();
  }
}

/** Selector look-up and search latency over the generated data, as one organisation's analyst. */
async function measureScale(
  db: DatabaseHandle['db'],
  actor: { userId: string; organisationId: string; role: 'analyst' },
) {
  const r = rng(5);
  const lookupMs: number[] = [];
  const LOOKUPS = Number(values.lookups);
  for (let i = 0; i < LOOKUPS + 50; i++) {
    const k = 1 + Math.floor(r() * SCALE_SELECTORS);
    const query =
      k % 3 === 0
        ? { type: 'phone' as const, value: `+8559${String(k).padStart(8, '0')}` }
        : k % 3 === 1
          ? { type: 'handle' as const, value: `@recruit_${k}`, platform: 'telegram' }
          : undefined;
    if (!query) continue;
    const start = performance.now();
    await lookupSelector(db, actor, query);
    if (i >= 50) lookupMs.push(performance.now() - start);
  }
  say(
    `selector look-up at ${SCALE_POSTS.toLocaleString('en')} posts / ${SCALE_SELECTORS.toLocaleString('en')} selectors: p50 ${quantile(lookupMs, 0.5).toFixed(1)} ms, p99 ${quantile(lookupMs, 0.99).toFixed(1)} ms over ${lookupMs.length} random look-ups`,
  );

  const searchMs: number[] = [];
  const perQuery = new Map<string, number[]>();
  const queries = [
    'casino Bavet',
    'typing job',
    'recruit_4242',
    'Shwe Kokko',
    'crypto commission',
    'visa flight',
    'passport',
    'Sihanouk',
  ];
  const SEARCHES = Number(values.searches);
  for (let i = 0; i < SEARCHES + 5; i++) {
    const q = queries[i % queries.length] ?? 'job';
    const start = performance.now();
    await search(db, actor, { q, limit: 20 });
    const ms = performance.now() - start;
    if (i < 5) continue;
    searchMs.push(ms);
    perQuery.set(q, [...(perQuery.get(q) ?? []), ms]);
  }
  say(
    `search (posts, entities, selectors; 20 results each): p50 ${quantile(searchMs, 0.5).toFixed(1)} ms, p99 ${quantile(searchMs, 0.99).toFixed(1)} ms over ${searchMs.length} queries`,
  );
  for (const [q, ms] of perQuery) {
    say(`  "${q}": p50 ${quantile(ms, 0.5).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`);
  }
}

say(
  `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} (shared machine)`,
);
if (!values['skip-ingest']) await ingestBench();
if (!values['skip-scale']) await scaleBench();
