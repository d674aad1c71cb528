import { z } from 'zod';
import { geometrySchema, selectorInputSchema, tlpSchema } from '../posts/posts.schema.js';

export const ENTITY_KINDS = ['compound', 'criminal-organisation', 'persona'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export const COMPOUND_STATUSES = ['active', 'raided', 'closed', 'relocated'] as const;
export const RELATIONSHIP_TYPES = [
  'operates',
  'controls',
  'member-of',
  'located-at',
  'relocated-to',
  'uses',
  'recruits-for',
  'supplies',
  'pays',
  'owns',
  'associated-with',
] as const;

const isoDate = z.iso.date({ error: 'must be a date such as 2023-10-27' });
const country = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as MM')
  .transform((c) => c.toUpperCase());
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const sourceUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

export const supplySchema = z
  .object({
    kind: z.enum(['power', 'telecom', 'internet', 'fuel', 'other'], {
      error: 'must be power, telecom, internet, fuel or other',
    }),
    supplyingCountry: country.describe('Country the supply comes from (cross-border power, SIMs…)'),
    supplier: text(300).optional(),
    note: text(2000).optional(),
    source: sourceUrl.optional(),
  })
  .strict();

const groups = z
  .array(z.uuid({ error: 'must be a sharing group id (a UUID)' }))
  .max(100)
  .describe('Sharing groups of your organisation (they widen AMBER)');

export const createEntityBody = z
  .object({
    kind: z.enum(ENTITY_KINDS, { error: `must be one of ${ENTITY_KINDS.join(', ')}` }),
    name: text(300),
    aliases: z.array(text(300)).max(50).default([]),
    description: text(10_000).optional(),
    country: country.optional(),
    adminArea: text(300).optional().describe('Province, state or district'),
    geometry: geometrySchema.optional(),
    status: z
      .enum(COMPOUND_STATUSES, { error: `must be one of ${COMPOUND_STATUSES.join(', ')}` })
      .optional()
      .describe('Compounds only; active by default'),
    statusSince: isoDate.optional().describe('When the status began (today by default)'),
    relocatedTo: z.uuid().optional().describe('The compound it moved to (status relocated)'),
    supply: z.array(supplySchema).max(50).default([]),
    sources: z.array(sourceUrl).max(50).default([]).describe('Public or internal sources'),
    tlp: tlpSchema.default('AMBER'),
    groups: groups.default([]),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.kind !== 'compound') {
      for (const field of ['status', 'statusSince', 'relocatedTo', 'supply'] as const) {
        const value = body[field];
        if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
          ctx.addIssue({ code: 'custom', path: [field], message: 'only compounds have it' });
        }
      }
    }
  })
  .describe('A scam compound, criminal organisation or persona');
export type CreateEntityBody = z.infer<typeof createEntityBody>;

export const updateEntityBody = z
  .object({
    name: text(300).optional(),
    aliases: z.array(text(300)).max(50).optional(),
    description: text(10_000).nullable().optional(),
    country: country.nullable().optional(),
    adminArea: text(300).nullable().optional(),
    geometry: geometrySchema.nullable().optional(),
    status: z
      .enum(COMPOUND_STATUSES, { error: `must be one of ${COMPOUND_STATUSES.join(', ')}` })
      .optional()
      .describe('A new status is added to the dated history'),
    statusSince: isoDate.optional(),
    statusNote: text(2000).optional(),
    statusSource: sourceUrl.optional(),
    relocatedTo: z.uuid().nullable().optional(),
    supply: z.array(supplySchema).max(50).optional(),
    sources: z.array(sourceUrl).max(50).optional(),
    tlp: tlpSchema.optional(),
    groups: groups.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });
export type UpdateEntityBody = z.infer<typeof updateEntityBody>;

export const entityParams = z.object({ id: z.uuid({ error: 'must be an entity id (a UUID)' }) });

export const listEntitiesQuery = z
  .object({
    kind: z.enum(ENTITY_KINDS).optional(),
    q: text(200).optional().describe('Words of the name or an alias (fuzzy)'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListEntitiesQuery = z.infer<typeof listEntitiesQuery>;

export const createRelationshipBody = z
  .object({
    type: z.enum(RELATIONSHIP_TYPES, { error: `must be one of ${RELATIONSHIP_TYPES.join(', ')}` }),
    targetEntityId: z.uuid().optional(),
    targetSelector: selectorInputSchema.optional().describe('A phone, handle, wallet… it uses'),
    confidence: z.number().min(0).max(1).describe('0 to 1'),
    source: text(2000).optional().describe('Where this comes from (report, URL)'),
    validFrom: isoDate.optional(),
    validTo: isoDate.optional(),
    tlp: tlpSchema.default('AMBER'),
    groups: groups.default([]),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.targetEntityId === undefined) === (body.targetSelector === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetEntityId'],
        message: 'send either targetEntityId or targetSelector',
      });
    }
    if (body.validFrom && body.validTo && body.validFrom > body.validTo) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'is before validFrom' });
    }
  });
export type CreateRelationshipBody = z.infer<typeof createRelationshipBody>;

const statusEntry = z.object({
  status: z.string(),
  since: z.string(),
  note: z.string().nullable(),
  source: z.string().nullable(),
});

export const entityBody = z
  .object({
    id: z.uuid(),
    kind: z.enum(ENTITY_KINDS),
    name: z.string(),
    aliases: z.array(z.string()),
    description: z.string().nullable(),
    country: z.string().nullable(),
    adminArea: z.string().nullable(),
    geometry: z.unknown().nullable(),
    status: z.string().nullable(),
    history: z.array(statusEntry).describe('Dated statuses, oldest first'),
    relocatedTo: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('Shown when you may read the compound it moved to'),
    supply: z.array(
      z.object({
        kind: z.string(),
        supplyingCountry: z.string(),
        supplier: z.string().optional(),
        note: z.string().optional(),
        source: z.string().optional(),
      }),
    ),
    sources: z.array(z.string()),
    tlp: tlpSchema,
    organisation: z.object({ id: z.uuid(), name: z.string() }),
    isDemo: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('An entity of the intelligence graph');
export type EntityBody = z.infer<typeof entityBody>;

export const entityPage = z.object({
  items: z.array(entityBody),
  nextCursor: z.string().nullable(),
});

export const relationshipBody = z.object({
  id: z.uuid(),
  type: z.string(),
  source: z.uuid(),
  target: z.uuid(),
  targetKind: z.enum(['entity', 'selector']),
  confidence: z.number(),
  provenance: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  tlp: tlpSchema,
});

export const graphQuery = z
  .object({ depth: z.coerce.number().int().min(1).max(3).default(1) })
  .strict();

export const graphBody = z
  .object({
    nodes: z.array(
      z.looseObject({
        id: z.uuid(),
        kind: z.string().describe('compound, criminal-organisation, persona, or selector'),
        label: z.string(),
      }),
    ),
    edges: z.array(
      z.object({
        id: z.uuid(),
        source: z.uuid(),
        target: z.uuid(),
        type: z.string(),
        confidence: z.number(),
        validFrom: z.string().nullable(),
        validTo: z.string().nullable(),
      }),
    ),
    truncated: z.boolean().describe('true when the neighbourhood had more than 500 nodes'),
  })
  .describe('The readable neighbourhood of an entity, ready for a link chart');

export const compoundsQuery = z
  .object({
    status: z.enum(COMPOUND_STATUSES).optional(),
    country: country.optional(),
  })
  .strict();

export const featureCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.uuid(),
        geometry: z.unknown(),
        properties: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .describe('GeoJSON (RFC 7946) of the compounds you may read that have a location');
