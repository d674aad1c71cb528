// Notices, evidence requests and dashboard benchmark, on embedded PGlite or on PostgreSQL
// (DATABASE_URL): fills a fresh database with --notices notices (10,000 by default) from two
// notifier organisations to five platforms over a year, and --posts posts (100,000) for the
// dashboard, then times the pages a user opens, through the whole HTTP stack (`app.inject`:
// validation, token check, sharing filter, SQL, serialisation):
//   - the notice list (first page, an SLA filter, a deep cursor page, the platform's inbox);
//   - the transparency report of a platform over a year (JSON and CSV) and the Art 22(3) report;
//   - the dashboard (notices by SLA status, evidence requests, flagged posts per week, compounds).
// Each is run --runs times (30) after warm-up; p50 and p99 are reported, with the ratio of p50 to
// a baseline measured in the same run: GET /api/v1/me, an authenticated request that reads one row.
//
//   npx tsx --conditions=jaga-source bench/notices.ts
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --conditions=jaga-source bench/notices.ts
//   … --notices 2000 --posts 5000 --runs 5 (a quick run); --keep leaves the database for EXPLAIN
//
// Numbers go in docs/notices-and-evidence.md.
import { createHash } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import { createApp, migrateToLatest } from '@jaga/server';
import { createTestActor, type TestActor } from '../apps/server/test/auth.js';
import { benchDatabase, numberOption, openAt } from './lib/database.js';
import { median, quantile, rng } from './lib/stats.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => numberOption(args, name, fallback);

const NOTICES = option('notices', 10_000);
const POSTS = option('posts', 100_000);
const RUNS = option('runs', 30);
const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const YEAR_AGO = NOW - 365 * 24 * HOUR;

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  const { location, cleanup } = await benchDatabase(serverUrl, 'jaga-notices-bench-');
  console.log(
    `notices bench on ${serverUrl ? 'PostgreSQL' : 'PGlite'}; ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${NOTICES} notices, ${POSTS} posts, ${RUNS} runs`,
  );
  const handle = await openAt(location);
  try {
    await migrateToLatest(handle.db);
    const db = handle.db;
    const ngo = await createTestActor(db, {
      organisation: { name: 'NGO A', type: 'ngo' },
      role: 'moderator',
    });
    const police = await createTestActor(db, { organisation: { name: 'Police B' } });
    const platforms: TestActor[] = [];
    for (let i = 0; i < 5; i++) {
      platforms.push(
        await createTestActor(db, {
          organisation: { name: `Platform ${i}`, type: 'platform' },
          role: 'platform-reviewer',
        }),
      );
    }

    const random = rng(20261201);
    const started = performance.now();
    const notifiers = [ngo, police];
    for (let offset = 0; offset < NOTICES; offset += 1000) {
      const rows = [];
      for (let i = offset; i < Math.min(NOTICES, offset + 1000); i++) {
        const owner = notifiers[i % 2] as TestActor;
        const platform = platforms[Math.floor(random() * platforms.length)] as TestActor;
        const sentAt = YEAR_AGO + random() * (NOW - YEAR_AGO);
        const roll = random();
        const decided = roll < 0.85 && sentAt < NOW - 6 * HOUR;
        const hoursToAction = -Math.log(1 - random()) * 14; // exponential, mean 14 h
        const draft = roll > 0.97;
        rows.push({
          organisation_id: owner.actor.organisationId,
          created_by: owner.actor.userId,
          tlp: 'AMBER',
          platform_organisation_id: platform.actor.organisationId,
          status: draft ? 'draft' : decided ? 'decided' : 'sent',
          category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
          keywords: ['KEYWORD_HUMAN_TRAFFICKING'],
          urls: [`https://platform.example/p/${i}`],
          explanation:
            'Recruitment post for a scam compound: free visa, high salary, Telegram only.',
          notifier_name: 'Desk',
          notifier_email: 'desk@example.org',
          good_faith: true,
          response_hours: draft ? null : 24,
          sent_at: draft ? null : new Date(sentAt),
          due_at: draft ? null : new Date(sentAt + 24 * HOUR),
          decided_at: !draft && decided ? new Date(sentAt + hoursToAction * HOUR) : null,
          outcome: !draft && decided ? (random() < 0.8 ? 'removed' : 'no-action') : null,
          decision: !draft && decided ? '{"automatedDecision":"not-automated"}' : null,
          created_at: new Date(sentAt - HOUR),
          updated_at: new Date(sentAt),
        });
      }
      await db.insertInto('notices').values(rows).execute();
    }
    const languages = ['th', 'id', 'vi', 'en', 'zh', 'my', 'km', 'tl'];
    const countries = ['KH', 'MM', 'LA', 'PH', 'TH', null];
    for (let offset = 0; offset < POSTS; offset += 2000) {
      const rows = [];
      for (let i = offset; i < Math.min(POSTS, offset + 2000); i++) {
        const owner = notifiers[i % 2] as TestActor;
        const at = new Date(YEAR_AGO + random() * (NOW - YEAR_AGO));
        const decision = ['allow', 'allow', 'label', 'review', 'remove'][
          Math.floor(random() * 5)
        ] as string;
        rows.push({
          organisation_id: owner.actor.organisationId,
          created_by: owner.actor.userId,
          tlp: i % 10 === 0 ? 'GREEN' : 'AMBER',
          source: 'bench',
          text: `Job offer ${i}: customer service, high salary, free visa`,
          language: languages[i % languages.length] as string,
          country: countries[i % countries.length] ?? null,
          posted_at: at,
          first_seen_at: at,
          last_seen_at: at,
          risk: decision === 'allow' ? 0.1 : 0.8,
          decision,
          screening: '{}',
          fingerprint: (i + 1).toString(16).padStart(16, '0'),
          content_hash: createHash('sha256').update(`bench post ${i}`).digest('hex'),
        });
      }
      await db.insertInto('posts').values(rows).execute();
    }
    // As autovacuum would on a live database: planner statistics for the new rows (without them
    // PostgreSQL misjudges the posts scan and spends most of the dashboard's time compiling JIT).
    await sql`analyze`.execute(db);
    console.log(`filled and analysed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const app = await createApp({
      db,
      databaseKind: serverUrl ? 'postgres' : 'pglite',
      version: 'bench',
      now: () => NOW,
    });
    const get = async (who: TestActor, url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: who.authHeader });
      if (response.statusCode !== 200)
        throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return response;
    };
    const time = async (who: TestActor, url: string) => {
      for (let i = 0; i < 3; i++) await get(who, url);
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await get(who, url);
        ms.push(performance.now() - start);
      }
      return ms;
    };

    // A cursor 20 pages deep into the NGO's list (or as deep as it goes).
    let cursor = '';
    let depth = 1;
    for (; depth <= 20; depth++) {
      const body = (
        await get(ngo, `/api/v1/notices?limit=50${cursor ? `&cursor=${cursor}` : ''}`)
      ).json() as {
        nextCursor: string | null;
      };
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    const p0 = platforms[0] as TestActor;
    const year = `platform=${p0.actor.organisationId}&from=2025-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`;
    const cases: [string, TestActor, string][] = [
      ['baseline: GET /api/v1/me', ngo, '/api/v1/me'],
      ['notice list, first page (50)', ngo, '/api/v1/notices?limit=50'],
      ['notice list, sla=overdue', ngo, '/api/v1/notices?limit=50&sla=overdue'],
      [`notice list, page ${depth} by cursor`, ngo, `/api/v1/notices?limit=50&cursor=${cursor}`],
      ['platform inbox (received)', p0, '/api/v1/notices?limit=50&direction=received'],
      ['transparency report, 1 year (JSON)', ngo, `/api/v1/reports/transparency?${year}`],
      [
        'transparency report, 1 year (platform, CSV)',
        p0,
        `/api/v1/reports/transparency?${year}&format=csv`,
      ],
      ['trusted-flagger annual report', ngo, '/api/v1/reports/trusted-flagger?year=2026'],
      ['dashboard (90 days, weekly)', ngo, '/api/v1/dashboard'],
      [
        'dashboard (1 year, weekly)',
        ngo,
        '/api/v1/dashboard?from=2025-12-01T00:00:00Z&to=2026-12-02T00:00:00Z',
      ],
    ];
    const results: { name: string; p50: number; p99: number }[] = [];
    for (const [name, who, url] of cases) {
      const ms = await time(who, url);
      results.push({ name, p50: median(ms), p99: quantile(ms, 0.99) });
    }
    const baseline = results[0]?.p50 ?? 1;
    console.log('| request | p50 ms | p99 ms | p50 / baseline |');
    console.log('|---|---:|---:|---:|');
    for (const r of results) {
      console.log(
        `| ${r.name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.p50 / baseline).toFixed(1)} |`,
      );
    }
    await app.close();
  } finally {
    await handle.close();
    if (args.includes('--keep')) console.log(`kept the database at ${location}`);
    else await cleanup();
  }
}

await main();
