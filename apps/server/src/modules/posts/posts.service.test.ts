import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { countRows, createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { type IngestResult, ingestPosts } from './posts.service.js';
import type { IngestedItem } from './posts.schema.js';

const SCAM_KH =
  'URGENT HIRING customer service in Sihanoukville, $1,500/month, free flight and visa. WhatsApp +855 96 812 0000';
const SCAM_LOCAL =
  'Typing job, high salary, no experience. Call 096812 0000 now, Telegram @HR_KH_Jobs';
// A valid EIP-55 address with one letter's case flipped: the checksum fails.
const BAD_WALLET = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD';

const stored = (r: IngestResult | undefined): IngestedItem => {
  if (!r || 'error' in r) throw new Error(`expected a stored post, got ${JSON.stringify(r)}`);
  return r;
};

describe('ingestPosts', () => {
  let database: TestDatabase;
  let a: TestActor;
  let viewer: TestActor;
  const count = (table: 'posts' | 'selectors' | 'sightings' | 'custody_log_leaves') =>
    countRows(database.db, table);

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await createTestActor(database.db, { organisation: { name: 'Ingest org A' } });
    viewer = await createTestActor(database.db, {
      organisation: a.actor.organisationId,
      role: 'viewer',
    });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('resolves a phone written two ways, from two sources, to one selector', async () => {
    const [first, second] = await ingestPosts(database.db, a.actor, [
      { source: 'facebook', externalId: 'fb-1', text: SCAM_KH },
      { source: 'telegram', externalId: 'tg-1', text: SCAM_LOCAL, location: { country: 'KH' } },
    ]);
    const phoneOf = (r: IngestedItem) => r.selectors.find((s) => s.type === 'phone');
    expect(phoneOf(stored(first))).toMatchObject({ value: '+855968120000', country: 'KH' });
    expect(phoneOf(stored(second))?.id).toBe(phoneOf(stored(first))?.id);
    expect(stored(second).selectors).toContainEqual(
      expect.objectContaining({ type: 'handle', platform: 'telegram', value: 'hr_kh_jobs' }),
    );
    expect(stored(first).screening.decision).not.toBe('allow');
  });

  it('reads a place name as the location country for local numbers', async () => {
    const [result] = await ingestPosts(database.db, a.actor, [
      {
        source: 'website',
        text: 'Call 012 345 678 for a typing job',
        location: 'Sihanoukville, Cambodia',
      },
    ]);
    expect(stored(result).selectors.find((s) => s.type === 'phone')).toMatchObject({
      value: '+85512345678',
      country: 'KH',
    });
  });

  it('stores a post once per (source, externalId) and once per text without one', async () => {
    const before = await Promise.all([
      count('posts'),
      count('sightings'),
      count('custody_log_leaves'),
    ]);
    const post = { source: 'tiktok', externalId: 'tt-9', text: 'Hiring in Bavet, TG @bavet_hr' };
    const firstAt = Date.parse('2026-11-01T08:00:00Z');
    const againAt = Date.parse('2026-11-02T09:30:00Z');
    const [once] = await ingestPosts(database.db, a.actor, [post], { now: () => firstAt });
    const seen = () =>
      database.db
        .selectFrom('posts')
        .select(['first_seen_at', 'last_seen_at', 'updated_at'])
        .where('id', '=', stored(once).id)
        .executeTakeFirstOrThrow();
    const first = await seen();
    const [again] = await ingestPosts(database.db, a.actor, [post], { now: () => againAt });
    expect(stored(once).created).toBe(true);
    expect(stored(again)).toEqual({ ...stored(once), created: false });
    // A repeat moves only when the post was last seen.
    const second = await seen();
    expect(new Date(first.last_seen_at).getTime()).toBe(firstAt);
    expect(new Date(second.last_seen_at).getTime()).toBe(againAt);
    expect(new Date(second.first_seen_at).getTime()).toBe(firstAt);
    expect(new Date(second.updated_at).getTime()).toBe(new Date(first.updated_at).getTime());
    const text = { source: 'tip', text: 'Recruiter Line ID: kk_park_jobs asks $500 fee' };
    const [t1, t2] = await ingestPosts(database.db, a.actor, [
      text,
      { ...text, text: `  ${text.text.toUpperCase()}\n` },
    ]);
    expect(stored(t1).created).toBe(true);
    expect(stored(t2).created).toBe(false);
    expect(stored(t2).id).toBe(stored(t1).id);
    expect(stored(t2).selectors).toEqual(stored(t1).selectors);
    expect(stored(t1).selectors.length).toBeGreaterThan(0);
    const after = await Promise.all([
      count('posts'),
      count('sightings'),
      count('custody_log_leaves'),
    ]);
    expect(after[0] - (before[0] as number)).toBe(2);
    // One custody leaf per stored post, none for the repeats.
    expect(after[2] - (before[2] as number)).toBe(2);
    expect(after[1] - (before[1] as number)).toBe(
      stored(once).selectors.length + stored(t1).selectors.length,
    );
  });

  it('refuses bad posts one by one with a 400 that names the field, and stores the rest', async () => {
    const before = await count('posts');
    const results = await ingestPosts(database.db, a.actor, [
      { source: 'myspace', text: 'Hiring' },
      { source: 'website', text: 'x'.repeat(50_001) },
      {
        source: 'website',
        text: 'Compound jobs near Myawaddy',
        location: { geometry: { type: 'Point', coordinates: [16.68, 198.46] } },
      },
      {
        source: 'agency-report',
        text: 'Ransom paid to this wallet',
        selectors: [{ type: 'wallet', value: BAD_WALLET }],
      },
      { source: 'website', text: 'Valid post about a casino job in Poipet, Telegram @poipet_cs' },
      {
        source: 'website',
        externalId: 'e-1',
        text: 'Valid',
        groups: ['0b7c6a10-0000-4000-8000-000000000000'],
      },
      'not an object',
    ]);
    const errors = results.map((r) => ('error' in r ? r.error : null));
    expect(errors[0]?.message).toMatch(
      /posts\[0\]: source: "myspace" is not a known source: use one of/,
    );
    expect(errors[1]?.message).toMatch(
      /posts\[1\]: text: is 50,001 characters long; the limit is 50,000/,
    );
    expect(errors[2]?.message).toMatch(/location.*latitude.*-90 to 90/);
    expect(errors[3]?.message).toMatch(
      /selectors.0: wallet .* fails its EIP-55 mixed-case checksum/,
    );
    expect(errors[4]).toBeNull();
    expect(errors[5]?.message).toMatch(/groups: no sharing group of your organisation/);
    expect(errors[6]?.message).toMatch(/posts\[6\]/);
    for (const e of errors.filter(Boolean)) expect(e?.status).toBe(400);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await count('posts')).toBe(before + 1);
  });

  it('links a post by the URLs in its text, not by its own URL', async () => {
    const [result] = await ingestPosts(database.db, a.actor, [
      {
        source: 'facebook',
        url: 'https://www.facebook.com/groups/jobs/posts/123',
        text: 'Apply at https://www.Best-Jobs-KH.example.com/apply/ today',
      },
    ]);
    expect(stored(result).selectors.map((s) => [s.type, s.value])).toEqual([
      ['domain', 'best-jobs-kh.example.com'],
      ['url', 'best-jobs-kh.example.com/apply'],
    ]);
  });

  it('keeps valid wallets given beside the text, normalised by chain', async () => {
    const [result] = await ingestPosts(database.db, a.actor, [
      {
        source: 'agency-report',
        text: 'Deposit collected for a scam compound',
        selectors: [
          { type: 'wallet', value: '0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED', chain: 'eth' },
        ],
      },
    ]);
    expect(stored(result).selectors).toContainEqual(
      expect.objectContaining({
        type: 'wallet',
        chain: 'ETH',
        value: '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
      }),
    );
  });

  it('does not let viewers submit posts', async () => {
    await expect(
      ingestPosts(database.db, viewer.actor, [{ source: 'tip', text: 'x' }]),
    ).rejects.toThrow(/Viewers may read posts but not submit them/);
  });
});
