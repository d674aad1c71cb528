import { z } from 'zod';
import { ORGANISATION_TYPES } from '../../db/schema.js';

export const organisationType = z.enum(ORGANISATION_TYPES);

export const organisationBody = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: organisationType,
    country: z.string().describe('ISO 3166-1 alpha-2 code'),
    isDemo: z.boolean(),
    createdAt: z.string().describe('ISO 8601 time'),
  })
  .describe('An organisation taking part in this Jaga node');
export type OrganisationBody = z.infer<typeof organisationBody>;

export const createOrganisationRequest = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    type: organisationType,
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166-1 code such as TH')
      .describe('ISO 3166-1 alpha-2 code'),
  })
  .strict();

export const updateOrganisationRequest = createOrganisationRequest.partial().strict();

export const organisationListResponse = z.object({ items: z.array(organisationBody) });

export const organisationIdParams = z.object({ id: z.uuid() });
