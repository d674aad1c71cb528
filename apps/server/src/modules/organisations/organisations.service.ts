import type { Kysely, Selectable } from 'kysely';
import {
  type Database,
  ORGANISATION_TYPES,
  type OrganisationTable,
  type OrganisationType,
} from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { type AuditContext, audited } from '../auth/audit.js';
import {
  findOrganisation,
  findOrganisationByName,
  insertOrganisation,
  updateOrganisation,
} from './organisations.repository.js';

export interface OrganisationInput {
  name: string;
  type: string;
  country: string;
}

function checkType(type: string): OrganisationType {
  if (!(ORGANISATION_TYPES as readonly string[]).includes(type)) {
    throw new AppError(
      'bad_request',
      `Unknown organisation type "${type}"; use one of ${ORGANISATION_TYPES.join(', ')}.`,
    );
  }
  return type as OrganisationType;
}

function checkCountry(country: string): string {
  const code = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) {
    throw new AppError(
      'bad_request',
      `Country must be a two-letter ISO 3166-1 code such as TH or ID (got "${country}").`,
    );
  }
  return code;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 200) {
    throw new AppError('bad_request', 'An organisation name must have 1 to 200 characters.');
  }
  return trimmed;
}

/**
 * Creates an organisation; names are unique regardless of case.
 *
 * @example
 * const org = await createOrganisation(db, { name: 'Royal Thai Police ATD', type: 'law-enforcement', country: 'TH' });
 */
export async function createOrganisation(
  db: Kysely<Database>,
  input: OrganisationInput,
  audit: AuditContext,
): Promise<Selectable<OrganisationTable>> {
  const values = {
    name: checkName(input.name),
    type: checkType(input.type),
    country: checkCountry(input.country),
  };
  if (await findOrganisationByName(db, values.name)) {
    throw new AppError('conflict', `An organisation named "${values.name}" already exists.`);
  }
  return audited(
    db,
    audit,
    (org) => ({
      type: 'organisation.create',
      subject: { kind: 'organisation', id: org.id },
      details: { type: org.type, country: org.country },
    }),
    (trx) => insertOrganisation(trx, values),
  );
}

/** Renames or re-describes an organisation; 404 when it does not exist. */
export async function changeOrganisation(
  db: Kysely<Database>,
  id: string,
  input: Partial<OrganisationInput>,
  audit: AuditContext,
): Promise<Selectable<OrganisationTable>> {
  const current = await findOrganisation(db, id);
  if (!current) throw new AppError('not_found', `No organisation ${id}.`);
  const values: Partial<Record<'name' | 'type' | 'country', string>> = {};
  if (input.name !== undefined) {
    values.name = checkName(input.name);
    const clash = await findOrganisationByName(db, values.name);
    if (clash && clash.id !== id) {
      throw new AppError('conflict', `An organisation named "${values.name}" already exists.`);
    }
  }
  if (input.type !== undefined) values.type = checkType(input.type);
  if (input.country !== undefined) values.country = checkCountry(input.country);
  if (Object.keys(values).length === 0) return current;
  return audited(
    db,
    audit,
    () => ({
      type: 'organisation.update',
      subject: { kind: 'organisation', id },
      details: { fields: Object.keys(values).sort() },
    }),
    async (trx) => {
      const updated = await updateOrganisation(
        trx,
        id,
        values as Partial<OrganisationInput> & { type?: OrganisationType },
      );
      if (!updated) throw new AppError('not_found', `No organisation ${id}.`);
      return updated;
    },
  );
}
