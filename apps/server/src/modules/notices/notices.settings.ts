import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import {
  findPlatform,
  listPlatforms,
  listTrustedFlaggers,
  type PlatformRow,
} from './notices.repository.js';
import {
  DEFAULT_RESPONSE_HOURS,
  DEFAULT_TRUSTED_FLAGGER_HOURS,
  type PlatformSettingsBody,
  type TrustedFlaggerBody,
} from './notices.schema.js';
import type { NoticeDeps } from './notices.service.js';

const actorRef = (actor: Actor) => ({ userId: actor.userId, organisationId: actor.organisationId });

function presentPlatform(row: PlatformRow, actor: Actor) {
  const mayManage = actor.role === 'admin' || actor.organisationId === row.id;
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    responseHours: row.responseHours ?? DEFAULT_RESPONSE_HOURS,
    trustedFlaggerHours: row.trustedFlaggerHours ?? DEFAULT_TRUSTED_FLAGGER_HOURS,
    webhookUrl: mayManage ? row.webhookUrl : null,
    isDefault: row.responseHours === null,
  };
}

/**
 * Every platform organisation with its response-time standard (Jaga's default when it set none).
 * Webhook URLs are shown to administrators and to the platform itself only.
 *
 * @example
 * const { items } = await platformsFor(deps, actor);
 */
export async function platformsFor(deps: NoticeDeps, actor: Actor) {
  return { items: (await listPlatforms(deps.db)).map((row) => presentPlatform(row, actor)) };
}

/**
 * Sets a platform's response-time standard and webhook (administrators only; the route checks).
 *
 * @example
 * await setPlatformSettings(deps, admin, platformId, { responseHours: 24, trustedFlaggerHours: 12, webhookUrl: null });
 */
export async function setPlatformSettings(
  deps: NoticeDeps,
  admin: Actor,
  organisationId: string,
  body: PlatformSettingsBody,
) {
  const platform = await findPlatform(deps.db, organisationId);
  if (!platform || platform.type !== 'platform') {
    throw new AppError(
      'not_found',
      `No platform organisation with id ${organisationId}; only organisations of type "platform" have a response-time standard.`,
    );
  }
  const at = new Date(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('platform_settings')
      .values({
        organisation_id: organisationId,
        response_hours: body.responseHours,
        trusted_flagger_hours: body.trustedFlaggerHours,
        webhook_url: body.webhookUrl,
        updated_by: admin.userId,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.column('organisation_id').doUpdateSet({
          response_hours: body.responseHours,
          trusted_flagger_hours: body.trustedFlaggerHours,
          webhook_url: body.webhookUrl,
          updated_by: admin.userId,
          updated_at: at,
        }),
      )
      .execute();
    await appendLeaf(trx, {
      type: 'platform.settings-change',
      actor: actorRef(admin),
      subject: { kind: 'organisation', id: organisationId },
      at: at.toISOString(),
      details: {
        responseHours: body.responseHours,
        trustedFlaggerHours: body.trustedFlaggerHours,
        webhook: body.webhookUrl !== null,
      },
    });
  });
  const updated = await findPlatform(deps.db, organisationId);
  return presentPlatform(updated as PlatformRow, admin);
}

function presentFlagger(
  row: Awaited<ReturnType<typeof listTrustedFlaggers>>[number],
  today: string,
) {
  return {
    organisation: { id: row.organisationId, name: row.name },
    awardedOn: row.awardedOn,
    awardedBy: row.awardedBy,
    revokedOn: row.revokedOn,
    active: row.awardedOn <= today && (row.revokedOn === null || row.revokedOn > today),
  };
}

/**
 * The organisations with trusted-flagger status, past and present (a public list, as the
 * Commission's is).
 *
 * @example
 * const { items } = await trustedFlaggers(deps);
 */
export async function trustedFlaggers(deps: NoticeDeps, organisationId?: string) {
  const today = new Date(deps.now()).toISOString().slice(0, 10);
  return {
    items: (await listTrustedFlaggers(deps.db, organisationId)).map((row) =>
      presentFlagger(row, today),
    ),
  };
}

/**
 * Records an organisation's trusted-flagger status as awarded (or revoked) by a Digital Services
 * Coordinator (administrators only; the route checks).
 *
 * @example
 * await setTrustedFlagger(deps, admin, orgId, { awardedOn: '2026-03-01', awardedBy: 'Coimisiún na Meán', revokedOn: null });
 */
export async function setTrustedFlagger(
  deps: NoticeDeps,
  admin: Actor,
  organisationId: string,
  body: TrustedFlaggerBody,
) {
  const org = await deps.db
    .selectFrom('organisations')
    .select(['id', 'type'])
    .where('id', '=', organisationId)
    .executeTakeFirst();
  if (!org) throw new AppError('not_found', `No organisation with id ${organisationId}.`);
  if (org.type === 'platform') {
    throw new AppError(
      'bad_request',
      'params/id: a platform cannot be its own trusted flagger; trusted-flagger status belongs to notifiers.',
      [{ where: 'params/id', message: 'a platform cannot be a trusted flagger' }],
    );
  }
  const at = new Date(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    const values = {
      awarded_on: body.awardedOn,
      awarded_by: body.awardedBy,
      revoked_on: body.revokedOn,
      updated_by: admin.userId,
      updated_at: at,
    };
    await trx
      .insertInto('trusted_flaggers')
      .values({ organisation_id: organisationId, ...values })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
      .execute();
    await appendLeaf(trx, {
      type: 'trusted-flagger.change',
      actor: actorRef(admin),
      subject: { kind: 'organisation', id: organisationId },
      at: at.toISOString(),
      details: { awardedOn: body.awardedOn, revokedOn: body.revokedOn },
    });
  });
  const [item] = (await trustedFlaggers(deps, organisationId)).items;
  return item as NonNullable<typeof item>;
}
