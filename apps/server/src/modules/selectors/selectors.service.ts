import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { SqlPolicyActor } from '../sharing/sql-filter.js';
import { TLP_LEVELS, type TlpLevel } from '../sharing/tlp.js';
import { selectorSecret } from './hub-secret.js';
import { normaliseSelector, SelectorInputError } from './selectors.normalise.js';
import { presentSelector } from './selectors.presenter.js';
import {
  findSelector,
  findSelectorById,
  linkedEntitiesOf,
  linkedSelectorsOf,
  readableSightings,
  type SelectorRow,
  unreadableHolders,
} from './selectors.repository.js';
import type { SelectorQuery, SelectorView } from './selectors.schema.js';

const SIGHTINGS_SHOWN = 200;
const LINKED_SELECTORS_SHOWN = 100;

function hintSignature(secret: Uint8Array, selectorId: string, tlp: string): string {
  return createHmac('sha256', secret)
    .update(`access-hint|${selectorId}|${tlp}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The id of a blind-match hint: the selector and TLP level it is about, signed with the hub
 * secret so a hint cannot be forged for another selector.
 *
 * @example
 * const hintId = makeHintId(secret, selectorId, 'AMBER');
 */
export function makeHintId(secret: Uint8Array, selectorId: string, tlp: TlpLevel): string {
  const body = Buffer.from(`${selectorId}|${tlp}`).toString('base64url');
  return `${body}.${hintSignature(secret, selectorId, tlp)}`;
}

/**
 * The selector and TLP level of a hint id from {@link makeHintId}, or a 400 when it was not
 * issued by this hub.
 *
 * @example
 * const { selectorId, tlp } = readHintId(secret, request.body.hintId);
 */
export function readHintId(
  secret: Uint8Array,
  hintId: string,
): { selectorId: string; tlp: TlpLevel } {
  const [body, signature] = hintId.split('.');
  const [selectorId, tlp] = Buffer.from(body ?? '', 'base64url')
    .toString('utf8')
    .split('|');
  const valid =
    selectorId !== undefined &&
    /^[0-9a-f-]{36}$/.test(selectorId) &&
    (TLP_LEVELS as readonly string[]).includes(tlp ?? '') &&
    signature !== undefined &&
    signature.length === 22 &&
    timingSafeEqual(
      Buffer.from(signature),
      Buffer.from(hintSignature(secret, selectorId, tlp as string)),
    );
  if (!valid) {
    throw new AppError(
      'bad_request',
      'hintId: not a hint of this hub; copy the hintId of GET /api/v1/selectors as is.',
    );
  }
  return { selectorId: selectorId as string, tlp: tlp as TlpLevel };
}

async function view(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  selector: SelectorRow,
): Promise<SelectorView> {
  const [sightings, linkedEntities, linkedSelectors, holders, secret] = await Promise.all([
    readableSightings(db, actor, selector.id, SIGHTINGS_SHOWN),
    linkedEntitiesOf(db, actor, selector.id),
    linkedSelectorsOf(db, actor, selector.id, LINKED_SELECTORS_SHOWN),
    unreadableHolders(db, actor, selector.id),
    selectorSecret(db),
  ]);
  const byTlp = new Map<TlpLevel, Set<string>>();
  for (const { organisationId, tlp } of holders) {
    const orgs = byTlp.get(tlp as TlpLevel) ?? new Set<string>();
    orgs.add(organisationId);
    byTlp.set(tlp as TlpLevel, orgs);
  }
  const hints = TLP_LEVELS.filter((tlp) => byTlp.has(tlp)).map((tlp) => {
    const n = byTlp.get(tlp)?.size ?? 0;
    return {
      hintId: makeHintId(secret, selector.id, tlp),
      tlp,
      organisations: n,
      message: `Known to ${n} other organisation${n === 1 ? '' : 's'} at TLP:${tlp} — request access to see their records.`,
    };
  });
  return {
    selector: presentSelector(selector),
    sightings: sightings.rows.map((row) => ({ ...row, seenAt: row.seenAt.toISOString() })),
    totalSightings: sightings.total,
    linkedEntities,
    linkedSelectors: linkedSelectors.map((row) => ({
      ...presentSelector(row),
      posts: row.posts,
      traces: row.traces,
      entities: row.entities,
    })),
    hints,
  };
}

/**
 * Everything the actor may see about a selector written any way (normalised here): the posts that
 * mention it, the entities and other selectors it links to, and, for records they may not read,
 * only blind-match hints ("known to N other organisations at TLP X").
 *
 * @example
 * await lookupSelector(db, actor, { type: 'phone', value: '096812 0000', country: 'KH' });
 */
export async function lookupSelector(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  query: SelectorQuery,
): Promise<SelectorView> {
  let normal;
  try {
    normal = normaliseSelector(query);
  } catch (error) {
    if (error instanceof SelectorInputError) throw new AppError('bad_request', error.message);
    throw error;
  }
  const selector = await findSelector(db, normal);
  if (!selector) {
    throw new AppError(
      'not_found',
      `No record on this hub mentions ${normal.type} ${normal.qualifier ? `${normal.qualifier}:` : ''}${normal.value}.`,
    );
  }
  return view(db, actor, selector);
}

/**
 * The same view as {@link lookupSelector}, by selector id.
 *
 * @example
 * await selectorById(db, actor, id);
 */
export async function selectorById(
  db: Kysely<Database>,
  actor: SqlPolicyActor,
  id: string,
): Promise<SelectorView> {
  const selector = await findSelectorById(db, id);
  if (!selector) throw new AppError('not_found', `No selector with id ${id}.`);
  return view(db, actor, selector);
}
