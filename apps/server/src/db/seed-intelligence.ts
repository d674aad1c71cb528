import { type Kysely, sql } from 'kysely';
import type { Actor } from '../modules/auth/actor.js';
import {
  createEntity,
  createRelationship,
  type EntityDeps,
  updateEntity,
} from '../modules/entities/entities.service.js';
import type { Geometry } from '../modules/entities/geometry.js';
import { ingestPosts } from '../modules/posts/posts.service.js';
import type { TlpLevel } from '../modules/sharing/tlp.js';
import type { Database } from './schema.js';

/**
 * Demo intelligence: publicly reported scam compounds with approximate locations, and generated
 * posts. Every row is marked `is_demo`; the compounds' coordinates are approximate centroids from
 * public reporting and their sources are the public articles named here, for illustration only.
 * The syndicate, personas, phone numbers (555-01xx), handles and wallets are fictional.
 */

interface DemoCompound {
  name: string;
  aliases: string[];
  country: string;
  adminArea: string;
  geometry: Geometry;
  description: string;
  sources: string[];
  history: { status: 'active' | 'raided' | 'closed' | 'relocated'; since: string; note: string }[];
  supply?: { kind: 'power' | 'telecom' | 'internet'; supplyingCountry: string; note: string }[];
}

const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: [lon, lat] });

/** Publicly reported compounds; coordinates approximate (±2 km), history as publicly reported. */
export const DEMO_COMPOUNDS: readonly DemoCompound[] = [
  {
    name: 'KK Park',
    aliases: ['KK Garden'],
    country: 'MM',
    adminArea: 'Kayin State (Myawaddy)',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [98.505, 16.61],
          [98.525, 16.61],
          [98.525, 16.628],
          [98.505, 16.628],
          [98.505, 16.61],
        ],
      ],
    },
    description:
      'Compound on the Moei river south of Myawaddy, widely reported as a hub of online scam operations with trafficked workers.',
    sources: ['https://en.wikipedia.org/wiki/KK_Park'],
    history: [
      { status: 'active', since: '2020-01-01', note: 'Operations reported from about 2020' },
      { status: 'raided', since: '2025-10-20', note: 'Military raid and mass detentions reported' },
    ],
    supply: [
      {
        kind: 'power',
        supplyingCountry: 'TH',
        note: 'Cross-border electricity from Thailand reported; Thailand cut supply to border areas in February 2025',
      },
      {
        kind: 'internet',
        supplyingCountry: 'TH',
        note: 'Thai mobile signal and satellite terminals reported',
      },
    ],
  },
  {
    name: 'Shwe Kokko',
    aliases: ['Yatai New City'],
    country: 'MM',
    adminArea: 'Kayin State (Myawaddy)',
    geometry: point(98.546, 16.835),
    description: 'Special development zone north of Myawaddy reported to host scam compounds.',
    sources: ['https://en.wikipedia.org/wiki/Shwe_Kokko'],
    history: [
      { status: 'active', since: '2019-01-01', note: 'Construction and operations reported' },
    ],
    supply: [
      {
        kind: 'power',
        supplyingCountry: 'TH',
        note: 'Thailand cut electricity, fuel and internet to Myawaddy-area border towns in February 2025',
      },
    ],
  },
  {
    name: 'Golden Triangle SEZ',
    aliases: ['GTSEZ', 'Kings Romans'],
    country: 'LA',
    adminArea: 'Bokeo Province',
    geometry: point(100.09, 20.36),
    description: 'Special economic zone on the Mekong reported to host scam operations.',
    sources: ['https://en.wikipedia.org/wiki/Golden_Triangle_Special_Economic_Zone'],
    history: [
      { status: 'active', since: '2007-01-01', note: 'Zone established' },
      { status: 'raided', since: '2024-08-01', note: 'Crackdowns and deportations reported' },
    ],
  },
  {
    name: 'Sihanoukville "Chinatown" compound',
    aliases: ['Sihanoukville compound (demo)'],
    country: 'KH',
    adminArea: 'Preah Sihanouk Province',
    geometry: point(103.52, 10.61),
    description:
      'One of the compounds in Sihanoukville reported during the 2022 rescues; location approximate.',
    sources: ['https://en.wikipedia.org/wiki/Pig_butchering_scam'],
    history: [
      { status: 'active', since: '2019-06-01', note: 'Operations reported' },
      {
        status: 'raided',
        since: '2022-09-17',
        note: 'Police operations across Sihanoukville reported',
      },
      {
        status: 'relocated',
        since: '2022-12-01',
        note: 'Illustrative: public reporting describes moves to border towns after the 2022 raids',
      },
    ],
  },
  {
    name: 'Bavet border compound (demo)',
    aliases: ['Bavet casino strip'],
    country: 'KH',
    adminArea: 'Svay Rieng Province',
    geometry: point(106.13, 11.07),
    description: 'Illustrative destination of a relocation; casino-strip location approximate.',
    sources: ['https://en.wikipedia.org/wiki/Bavet'],
    history: [{ status: 'active', since: '2022-12-01', note: 'Illustrative' }],
  },
  {
    name: 'Lucky South 99',
    aliases: ['Porac POGO hub'],
    country: 'PH',
    adminArea: 'Porac, Pampanga',
    geometry: point(120.54, 15.07),
    description: 'Offshore gaming hub in Pampanga reported raided in 2024.',
    sources: ['https://en.wikipedia.org/wiki/Philippine_Offshore_Gaming_Operator'],
    history: [
      { status: 'active', since: '2023-01-01', note: 'Licensed offshore gaming operations' },
      { status: 'raided', since: '2024-06-04', note: 'Raid reported' },
      { status: 'closed', since: '2024-12-31', note: 'Offshore gaming ban took effect' },
    ],
  },
  {
    name: 'Clark Sun Valley Hub',
    aliases: ['Clark Freeport POGO'],
    country: 'PH',
    adminArea: 'Clark Freeport, Pampanga',
    geometry: point(120.55, 15.18),
    description: 'Offshore gaming hub in Clark reported raided in 2023.',
    sources: ['https://en.wikipedia.org/wiki/Philippine_Offshore_Gaming_Operator'],
    history: [
      { status: 'active', since: '2022-01-01', note: 'Operations reported' },
      { status: 'raided', since: '2023-05-04', note: 'Raid and rescues reported' },
    ],
  },
];

const SYNDICATE = 'Demo syndicate "Golden Lotus" (fictional)';
const PERSONAS = [
  { name: 'Recruiter "Anna" (fictional)', handle: 'demo_hr_anna' },
  { name: 'Broker "Mr Lee" (fictional)', handle: 'demo_broker_lee' },
];

/** A seeded generator (mulberry32): the demo posts are the same on every machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['Sihanoukville', 'Bavet', 'Poipet', 'Myawaddy', 'Golden Triangle', 'Phnom Penh'];
const HANDLES = [
  'demo_hr_anna',
  'demo_broker_lee',
  'demo_cs_jobs_kh',
  'demo_tech_park_hr',
  'demo_visa_free_jobs',
  'demo_typing_work',
];
const KH_PHONES = ['0110', '0111', '0112', '0113', '0114', '0115'].map((n) => `96 555 ${n}`);
const WALLETS = ['a1', 'b2', 'c3'].map((s) => `0x${s.repeat(20)}`);

type Template = (v: {
  city: string;
  salary: number;
  handle: string;
  phone: string;
  wallet: string;
}) => { text: string; language?: string; local?: boolean };

const SCAM_TEMPLATES: Template[] = [
  (v) => ({
    text: `URGENT HIRING: customer service staff in ${v.city}. No experience needed, salary $${v.salary}/month, free flight, visa and accommodation. Age 18-35. Contact Telegram @${v.handle} or WhatsApp +855 ${v.phone}`,
  }),
  (v) => ({
    text: `Typing job / data entry in ${v.city}, $${v.salary} monthly plus bonus. Fast typing 40 wpm. Passport only, we arrange transport from Bangkok. DM @${v.handle}`,
  }),
  (v) => ({
    text: `Tuyển gấp nhân viên CSKH làm việc tại ${v.city}, lương ${v.salary} USD/tháng, bao vé máy bay, ăn ở. Không cần kinh nghiệm. Liên hệ Telegram @${v.handle} hoặc 0${v.phone}`,
    language: 'vi',
    local: true,
  }),
  (v) => ({
    text: `Lowongan kerja admin di ${v.city}, gaji ${v.salary} USD per bulan, tiket pesawat dan visa gratis. Tanpa pengalaman. Hubungi WhatsApp +855 ${v.phone} atau Telegram @${v.handle}`,
    language: 'id',
  }),
  (v) => ({
    text: `高薪招聘客服，工作地点${v.city}，月薪${v.salary}美金，包吃包住，报销机票。联系飞机：@${v.handle}`,
    language: 'zh',
  }),
];

const LEGIT_TEMPLATES: Template[] = [
  (v) => ({
    text: `Front desk agent at a hotel in ${v.city === 'Phnom Penh' ? 'Phnom Penh' : 'Bangkok'}. Two years of experience, good English. Health insurance, annual leave, social security. Apply through our website.`,
  }),
  () => ({
    text: 'Accountant wanted for a manufacturing company in Ho Chi Minh City. Degree in accounting, three years of experience. Salary negotiable, written contract and benefits provided.',
  }),
];

const REPORT_TEMPLATE: Template = (v) => ({
  text: `Platform report: account @${v.handle} posted recruitment ads for ${v.city}; users who replied were asked to pay a ${v.salary} USDT "visa fee" to wallet ${v.wallet}. Account removed.`,
});

/** Number of generated demo posts. */
export const DEMO_POST_COUNT = 240;

interface DemoPost {
  externalId: string;
  source: string;
  text: string;
  language?: string;
  location?: { country: string };
  postedAt: string;
  tlp: TlpLevel;
  owner: 'police' | 'platform';
}

/**
 * The generated demo posts, the same every time: scam-recruitment campaigns in several languages
 * re-posted with small edits (so campaigns cluster), sharing handles and phone numbers (so the
 * graph links them), some legitimate ads, and the demo platform's AMBER reports naming wallets
 * (so other organisations see blind-match hints).
 *
 * @example
 * demoPosts().length; // 240
 */
export function demoPosts(): DemoPost[] {
  const random = generator(20_260_901);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const base = Date.parse('2026-09-01T00:00:00Z');
  const posts: DemoPost[] = [];
  for (let i = 0; i < DEMO_POST_COUNT; i++) {
    const roll = random();
    const values = {
      city: pick(CITIES),
      salary: 1000 + 100 * Math.floor(random() * 15),
      handle: pick(HANDLES),
      phone: pick(KH_PHONES),
      wallet: pick(WALLETS),
    };
    const kind = roll < 0.1 ? 'report' : roll < 0.25 ? 'legit' : 'scam';
    const made =
      kind === 'report'
        ? REPORT_TEMPLATE(values)
        : kind === 'legit'
          ? pick(LEGIT_TEMPLATES)(values)
          : pick(SCAM_TEMPLATES)(values);
    posts.push({
      externalId: `demo-${String(i).padStart(4, '0')}`,
      source:
        kind === 'report'
          ? 'platform-report'
          : pick(['facebook', 'telegram', 'tiktok', 'jobstreet', 'classifieds']),
      text: made.text,
      ...(made.language ? { language: made.language } : {}),
      ...(made.local ? { location: { country: 'KH' } } : {}),
      postedAt: new Date(base + Math.floor(random() * 90 * 86_400_000)).toISOString(),
      tlp: kind === 'report' ? 'AMBER' : random() < 0.5 ? 'CLEAR' : 'GREEN',
      owner: kind === 'report' || random() < 0.3 ? 'platform' : 'police',
    });
  }
  return posts;
}

const OWNER_EMAILS = {
  police: 'investigator@demo.jaga.example',
  platform: 'moderator@demo.jaga.example',
} as const;

async function demoActor(db: Kysely<Database>, email: string): Promise<Actor | undefined> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'role', 'email'])
    .where('email', '=', email)
    .where('is_demo', '=', true)
    .executeTakeFirst();
  if (!user) return undefined;
  return {
    userId: user.id,
    organisationId: user.organisation_id,
    role: user.role,
    email: user.email,
    via: 'token',
    scopes: ['read', 'write'],
  };
}

/**
 * Seeds the demo intelligence (compounds, a fictional syndicate and personas, their links, and
 * {@link DEMO_POST_COUNT} generated posts) as the demo users, through the same services the API
 * uses, so every record is screened, shared and custody-logged like real data. Resumable and
 * idempotent: entities are matched by name, links by their ends, posts by external id.
 *
 * @returns whether anything was inserted.
 * @example
 * await seedIntelligenceDemo(db);
 */
export async function seedIntelligenceDemo(
  db: Kysely<Database>,
  options: { now?: () => number } = {},
): Promise<{ inserted: boolean }> {
  const police = await demoActor(db, OWNER_EMAILS.police);
  if (!police) return { inserted: false };
  const deps: EntityDeps = { db, now: options.now ?? Date.now };
  let inserted = false;

  const existing = new Map(
    (
      await db.selectFrom('entities').select(['id', 'name']).where('is_demo', '=', true).execute()
    ).map((e) => [e.name, e.id]),
  );
  const entity = async (name: string, make: () => Promise<string>): Promise<string> => {
    const found = existing.get(name);
    if (found) return found;
    const id = await make();
    existing.set(name, id);
    inserted = true;
    return id;
  };

  for (const compound of DEMO_COMPOUNDS) {
    const [first, ...later] = compound.history;
    const id = await entity(compound.name, async () => {
      const created = await createEntity(
        deps,
        police,
        {
          kind: 'compound',
          name: compound.name,
          aliases: compound.aliases,
          description: compound.description,
          country: compound.country,
          adminArea: compound.adminArea,
          geometry: compound.geometry,
          status: first?.status ?? 'active',
          ...(first ? { statusSince: first.since } : {}),
          supply: compound.supply ?? [],
          sources: compound.sources,
          tlp: 'CLEAR',
          groups: [],
        },
        { demo: true },
      );
      return created.id;
    });
    // Later statuses one by one, each once: a run stopped part-way is completed by the next.
    const recorded = new Set(
      (
        await db
          .selectFrom('entity_status_history')
          .select(['status', sql<string>`to_char(since, 'YYYY-MM-DD')`.as('since')])
          .where('entity_id', '=', id)
          .execute()
      ).map((h) => `${h.status}|${h.since}`),
    );
    for (const step of later) {
      if (step.status === 'relocated') continue; // needs its destination: set below
      if (recorded.has(`${step.status}|${step.since}`)) continue;
      await updateEntity(deps, police, id, {
        status: step.status,
        statusSince: step.since,
        statusNote: step.note,
      });
      inserted = true;
    }
  }
  const from = existing.get('Sihanoukville "Chinatown" compound');
  const to = existing.get('Bavet border compound (demo)');
  if (from && to) {
    const row = await db
      .selectFrom('entities')
      .select('relocated_to')
      .where('id', '=', from)
      .executeTakeFirstOrThrow();
    if (!row.relocated_to) {
      const step = DEMO_COMPOUNDS[3]?.history[2];
      await updateEntity(deps, police, from, {
        status: 'relocated',
        relocatedTo: to,
        statusSince: step?.since ?? '2022-12-01',
        statusNote: step?.note ?? 'Illustrative',
      });
      inserted = true;
    }
  }

  const syndicate = await entity(
    SYNDICATE,
    async () =>
      (
        await createEntity(
          deps,
          police,
          {
            kind: 'criminal-organisation',
            name: SYNDICATE,
            aliases: ['Golden Lotus'],
            description: 'Fictional organisation for the demo link chart.',
            tlp: 'GREEN',
            supply: [],
            sources: [],
            groups: [],
          },
          { demo: true },
        )
      ).id,
  );
  const personas: string[] = [];
  for (const persona of PERSONAS) {
    personas.push(
      await entity(
        persona.name,
        async () =>
          (
            await createEntity(
              deps,
              police,
              {
                kind: 'persona',
                name: persona.name,
                aliases: [],
                description: 'Fictional recruiter persona for the demo.',
                tlp: 'GREEN',
                supply: [],
                sources: [],
                groups: [],
              },
              { demo: true },
            )
          ).id,
      ),
    );
  }

  const links = new Set(
    (
      await db
        .selectFrom('relationships')
        .select(['source_entity_id', 'type', 'target_entity_id', 'target_selector_id'])
        .where('is_demo', '=', true)
        .execute()
    ).map((r) => `${r.source_entity_id}|${r.type}|${r.target_entity_id ?? ''}`),
  );
  const link = async (
    source: string | undefined,
    type: 'operates' | 'member-of' | 'uses' | 'relocated-to',
    target: { entityId?: string | undefined; handle?: string; phone?: string },
    confidence: number,
  ) => {
    if (!source) return;
    if (target.entityId === undefined && !target.handle && !target.phone) return;
    const key = `${source}|${type}|${target.entityId ?? ''}`;
    if (target.entityId !== undefined && links.has(key)) return;
    if (target.entityId === undefined) {
      // Selector links: one per (entity, type, selector value).
      const selectorValue = target.handle ?? target.phone;
      const found = await db
        .selectFrom('relationships as r')
        .innerJoin('selectors as s', 's.id', 'r.target_selector_id')
        .select('r.id')
        .where('r.is_demo', '=', true)
        .where('r.source_entity_id', '=', source)
        .where('s.value', 'in', [
          selectorValue ?? '',
          `+855${(target.phone ?? '').replace(/\D/g, '')}`,
        ])
        .executeTakeFirst();
      if (found) return;
    }
    await createRelationship(
      deps,
      police,
      source,
      {
        type,
        ...(target.entityId !== undefined ? { targetEntityId: target.entityId } : {}),
        ...(target.handle
          ? { targetSelector: { type: 'handle', value: target.handle, platform: 'telegram' } }
          : {}),
        ...(target.phone
          ? { targetSelector: { type: 'phone', value: `+855 ${target.phone}` } }
          : {}),
        confidence,
        source: 'Demo data: illustrative link, not an allegation',
        tlp: 'GREEN',
        groups: [],
      },
      { demo: true },
    );
    links.add(key);
    inserted = true;
  };
  await link(syndicate, 'operates', { entityId: existing.get('KK Park') }, 0.3);
  await link(
    syndicate,
    'operates',
    { entityId: existing.get('Bavet border compound (demo)') },
    0.3,
  );
  await link(from, 'relocated-to', { entityId: to }, 0.5);
  for (const [i, persona] of PERSONAS.entries()) {
    await link(personas[i], 'member-of', { entityId: syndicate }, 0.6);
    await link(personas[i], 'uses', { handle: persona.handle }, 0.9);
  }
  await link(existing.get('KK Park'), 'uses', { phone: KH_PHONES[0] as string }, 0.5);

  // Every start seeds again: skip the posts (and their screening) once they are all stored.
  const stored = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('is_demo', '=', true)
    .where('external_id', 'like', 'demo-%')
    .executeTakeFirstOrThrow();
  if (Number(stored.n) >= DEMO_POST_COUNT) return { inserted };
  const posts = demoPosts();
  for (const owner of ['police', 'platform'] as const) {
    const actor = owner === 'police' ? police : await demoActor(db, OWNER_EMAILS[owner]);
    if (!actor) continue;
    const mine = posts.filter((p) => p.owner === owner);
    for (let start = 0; start < mine.length; start += 100) {
      const batch = mine.slice(start, start + 100).map(({ owner: _owner, ...post }) => post);
      const results = await ingestPosts(db, actor, batch, { demo: true, now: options.now });
      if (results.some((r) => 'created' in r && r.created)) inserted = true;
      const failed = results.find((r) => 'error' in r);
      if (failed && 'error' in failed)
        throw new Error(`Demo post refused: ${failed.error.message}`);
    }
  }
  return { inserted };
}
