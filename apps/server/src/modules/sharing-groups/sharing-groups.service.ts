import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { appendLeaf } from '../log/custody-log.js';
import { presentSharingGroup } from './sharing-groups.presenter.js';
import {
  existingOrganisationIds,
  findGroupsOfMember,
  insertGroup,
  replaceMembers,
  touchGroup,
} from './sharing-groups.repository.js';
import type {
  ChangeSharingGroupBody,
  CreateSharingGroupBody,
  SharingGroupBody,
} from './sharing-groups.schema.js';

export interface SharingGroupDeps {
  db: Kysely<Database>;
  now: () => number;
}

const notFound = (id: string) => new AppError('not_found', `No sharing group with id ${id}.`);

/**
 * The member list as a hash for the custody log: an auditor can check a membership they are shown
 * against the log, while the log itself does not reveal who is in a group.
 */
export function membersDigest(organisationIds: readonly string[]): string {
  const sorted = [...new Set(organisationIds)].sort();
  return createHash('sha256').update(sorted.join('\n')).digest('hex');
}

function requireWriter(actor: Actor): void {
  if (actor.role === 'viewer') {
    throw new AppError('forbidden', 'Viewers may read but not create or change sharing groups.');
  }
}

async function checkOrganisations(db: Kysely<Database>, ids: readonly string[]): Promise<void> {
  const known = await existingOrganisationIds(db, [...new Set(ids)]);
  const unknown = [...new Set(ids)].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError(
      'bad_request',
      `Unknown organisation${unknown.length > 1 ? 's' : ''} in organisations: ${unknown.join(', ')}. Use ids from GET /api/v1/organisations.`,
      unknown.map((id) => ({ where: 'body/organisations', message: `unknown organisation ${id}` })),
    );
  }
}

/**
 * Creates a sharing group managed by the actor's organisation, which is always a member.
 *
 * @example
 * const { id } = await createSharingGroup(deps, actor, { name: 'Mekong task force', organisations: [orgB] });
 */
export async function createSharingGroup(
  deps: SharingGroupDeps,
  actor: Actor,
  body: CreateSharingGroupBody,
): Promise<{ id: string }> {
  requireWriter(actor);
  await checkOrganisations(deps.db, body.organisations);
  const members = [actor.organisationId, ...body.organisations];
  const at = new Date(deps.now());
  return deps.db.transaction().execute(async (trx) => {
    const clash = await trx
      .selectFrom('sharing_groups')
      .select('id')
      .where('organisation_id', '=', actor.organisationId)
      .where('name', '=', body.name)
      .executeTakeFirst();
    if (clash) {
      throw new AppError(
        'conflict',
        `Your organisation already has a sharing group named "${body.name}"; choose another name.`,
      );
    }
    const id = await insertGroup(trx, {
      name: body.name,
      organisationId: actor.organisationId,
      createdBy: actor.userId,
      members,
      at,
    });
    await appendLeaf(trx, {
      type: 'sharing-group.create',
      actor: { userId: actor.userId, organisationId: actor.organisationId },
      subject: { kind: 'sharing-group', id },
      at: at.toISOString(),
      details: {
        memberCount: new Set(members).size,
        membersSha256: membersDigest(members),
      },
    });
    return { id };
  });
}

/**
 * The sharing groups the actor's organisation is a member of.
 *
 * @example
 * const groups = await listSharingGroups(deps, actor);
 */
export async function listSharingGroups(
  deps: SharingGroupDeps,
  actor: Actor,
): Promise<SharingGroupBody[]> {
  const groups = await findGroupsOfMember(deps.db, actor.organisationId);
  return groups.map(presentSharingGroup);
}

/**
 * One sharing group, or 404 when it does not exist or the actor's organisation is not a member
 * (the two answers are the same, so ids cannot be probed).
 *
 * @example
 * const group = await getSharingGroup(deps, actor, id);
 */
export async function getSharingGroup(
  deps: SharingGroupDeps,
  actor: Actor,
  id: string,
): Promise<SharingGroupBody> {
  const [group] = await findGroupsOfMember(deps.db, actor.organisationId, [id]);
  if (!group) throw notFound(id);
  return presentSharingGroup(group);
}

/**
 * Renames a group or replaces its members. Only its managing organisation may; other members get
 * 403, non-members 404.
 *
 * @example
 * await changeSharingGroup(deps, actor, id, { organisations: [orgB, orgC] });
 */
export async function changeSharingGroup(
  deps: SharingGroupDeps,
  actor: Actor,
  id: string,
  body: ChangeSharingGroupBody,
): Promise<SharingGroupBody> {
  const [group] = await findGroupsOfMember(deps.db, actor.organisationId, [id]);
  if (!group) throw notFound(id);
  if (group.organisationId !== actor.organisationId) {
    throw new AppError(
      'forbidden',
      `Only ${group.organisationName}, which manages this sharing group, may change it.`,
    );
  }
  requireWriter(actor);
  if (body.organisations) await checkOrganisations(deps.db, body.organisations);
  const at = new Date(deps.now());
  await deps.db.transaction().execute(async (trx) => {
    if (body.name !== undefined && body.name !== group.name) {
      const clash = await trx
        .selectFrom('sharing_groups')
        .select('id')
        .where('organisation_id', '=', actor.organisationId)
        .where('name', '=', body.name)
        .where('id', '!=', id)
        .executeTakeFirst();
      if (clash) {
        throw new AppError(
          'conflict',
          `Your organisation already has a sharing group named "${body.name}"; choose another name.`,
        );
      }
    }
    await touchGroup(trx, id, at, body.name);
    const details: Record<string, unknown> = { renamed: body.name !== undefined };
    if (body.organisations) {
      const members = [actor.organisationId, ...body.organisations];
      await replaceMembers(trx, id, members, at);
      details.memberCount = new Set(members).size;
      details.membersSha256 = membersDigest(members);
    }
    await appendLeaf(trx, {
      type: 'sharing-group.change',
      actor: { userId: actor.userId, organisationId: actor.organisationId },
      subject: { kind: 'sharing-group', id },
      at: at.toISOString(),
      details,
    });
  });
  return getSharingGroup(deps, actor, id);
}
