import { z } from 'zod';
import { choice, isoTime, pageCursor, pageLimit, text } from '../../http/schema-fragments.js';
import { TLP_LEVELS } from '../sharing/tlp.js';
import { DATA_CATEGORIES, INSTRUMENTS } from './deadlines.js';

/**
 * The status path of an evidence request (sharing reference §7.4): draft → validated → issued →
 * acknowledged → objection-window → preserved → produced / partial, or cannot-comply, or
 * withdrawn; then closed.
 */
export const REQUEST_STATUSES = [
  'draft',
  'validated',
  'issued',
  'acknowledged',
  'objection-window',
  'preserved',
  'produced',
  'partial',
  'cannot-comply',
  'withdrawn',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Reasons a provider cannot comply (Reg. 2023/1543 Annex III). */
export const CANNOT_COMPLY_REASONS = [
  'incomplete',
  'manifest-error',
  'impossibility',
  'force-majeure',
  'third-country-conflict',
  'immunity',
] as const;

/** Kinds of selector a request can target; values are free text, not links to stored selectors. */
export const SELECTOR_TYPES = [
  'phone',
  'email',
  'username',
  'account-id',
  'url',
  'ip-address',
  'crypto-address',
  'domain',
  'other',
] as const;

export const target = z
  .object({
    selectorType: choice(SELECTOR_TYPES),
    value: text(500).describe(
      'The phone number, handle, account id, address… as the platform knows it',
    ),
    from: isoTime.describe('Start of the time range of the data sought'),
    to: isoTime.describe('End of the time range'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (Date.parse(value.to) <= Date.parse(value.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    }
  });
export type Target = z.infer<typeof target>;

const requestFields = {
  platformOrganisationId: z
    .uuid({
      error: 'must be the id of a platform organisation (a UUID); see GET /api/v1/platforms',
    })
    .describe('The service provider the request is addressed to'),
  instrument: choice(INSTRUMENTS).describe('The legal instrument; it sets the legal clocks'),
  dataCategories: z
    .array(choice(DATA_CATEGORIES))
    .min(1, 'name at least one data category')
    .max(DATA_CATEGORIES.length)
    .describe('Subscriber, IP for identification, traffic or content data (Reg. 2023/1543 Art 3)'),
  targets: z
    .array(target)
    .min(1, 'name at least one target (selector and time range)')
    .max(500, 'at most 500 targets per request'),
  legalBasis: text(5000).describe('The order, warrant or provision the request rests on'),
  issuingAuthority: text(500),
  validatingAuthority: text(500).nullable().describe('Judge, court or prosecutor who validated it'),
  offence: text(2000)
    .nullable()
    .describe(
      'The offence and its maximum penalty; required for traffic or content data under an EU production order (≥ 3 years or a listed offence)',
    ),
  reference: text(200).nullable().describe('Your case or file reference'),
  emergency: z
    .boolean({ error: 'must be true or false' })
    .describe('Imminent threat to life or safety: the emergency clocks apply'),
  tlp: choice(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const).describe(
    'TLP 2.0 level within the hub (never RED: the provider must read it once issued)',
  ),
};

export const createRequestBody = z
  .object({
    ...requestFields,
    validatingAuthority: requestFields.validatingAuthority.default(null),
    offence: requestFields.offence.default(null),
    reference: requestFields.reference.default(null),
    emergency: requestFields.emergency.default(false),
    tlp: requestFields.tlp.default('AMBER'),
  })
  .strict()
  .describe('A draft evidence request');
export type CreateRequestBody = z.infer<typeof createRequestBody>;

export const updateRequestBody = z
  .object(requestFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });
export type UpdateRequestBody = z.infer<typeof updateRequestBody>;

export const requestParams = z.object({
  id: z.uuid({ error: 'must be an evidence request id (a UUID)' }),
});

export const produceBody = z
  .object({
    partial: z
      .boolean({ error: 'must be true or false' })
      .default(false)
      .describe('True when only part of the data was produced'),
    note: text(5000).optional(),
  })
  .strict();

export const cannotComplyBody = z
  .object({
    reason: choice(CANNOT_COMPLY_REASONS).describe('Reg. 2023/1543 Annex III reason'),
    note: text(5000).describe('The explanation the provider gives'),
  })
  .strict();

export const noteBody = z
  .object({ note: text(5000).optional() })
  .strict()
  .describe('An optional note on the step');

export const listRequestsQuery = z
  .object({
    limit: pageLimit,
    cursor: pageCursor,
    status: choice(REQUEST_STATUSES).optional(),
    platform: z.uuid({ error: 'must be a platform organisation id (a UUID)' }).optional(),
    direction: choice(['sent', 'received'] as const)
      .optional()
      .describe('`sent`: requests of your organisation; `received`: requests addressed to it'),
  })
  .strict();
export type ListRequestsQuery = z.infer<typeof listRequestsQuery>;

export const remindersQuery = z
  .object({
    withinHours: z.coerce
      .number({ error: 'must be a number of hours' })
      .int('must be a whole number of hours')
      .min(1, 'must be at least 1')
      .max(24 * 366, 'must be at most a year')
      .default(72),
  })
  .strict();

const ref = z.object({ id: z.uuid(), name: z.string() });

export const deadlineBody = z.object({
  rule: z.string(),
  kind: z.enum(['production', 'objection-window', 'preservation-ends', 'escalation']),
  label: z.string(),
  source: z.string().describe('The legal source of the clock'),
  hours: z.number(),
  due: z.string().nullable().describe('Null until the request is issued'),
  live: z.boolean().describe('Whether the clock still runs in the request’s status'),
  overdue: z.boolean(),
});

export const requestBody = z.object({
  id: z.uuid(),
  status: z.enum(REQUEST_STATUSES),
  issuingOrganisation: ref,
  platform: ref,
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
  tlp: z.enum(TLP_LEVELS),
  instrument: z.enum(INSTRUMENTS),
  instrumentLabel: z.string(),
  dataCategories: z.array(z.enum(DATA_CATEGORIES)),
  targets: z.array(
    z.object({ selectorType: z.string(), value: z.string(), from: z.string(), to: z.string() }),
  ),
  legalBasis: z.string(),
  issuingAuthority: z.string(),
  validatingAuthority: z.string().nullable(),
  offence: z.string().nullable(),
  reference: z.string().nullable(),
  emergency: z.boolean(),
  deadlines: z
    .array(deadlineBody)
    .describe('Legal clocks, earliest first, computed from the instrument'),
  nextDeadline: deadlineBody.nullable().describe('The earliest clock still running'),
  preservationExtended: z.boolean(),
  cannotComplyReason: z.enum(CANNOT_COMPLY_REASONS).nullable(),
  note: z.string().nullable(),
  artefacts: z
    .array(
      z.object({
        id: z.uuid(),
        filename: z.string(),
        sha256: z.string(),
        sizeBytes: z.number().int(),
        addedAt: z.string(),
      }),
    )
    .describe('Produced data attached to the request that you may read'),
  timeline: z.object({
    validatedAt: z.string().nullable(),
    issuedAt: z.string().nullable(),
    acknowledgedAt: z.string().nullable(),
    objectionWindowAt: z.string().nullable(),
    preservedAt: z.string().nullable(),
    preservationExtendedAt: z.string().nullable(),
    producedAt: z.string().nullable(),
    cannotComplyAt: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  }),
  actions: z.array(z.string()).describe('What you may do with it now'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RequestBody = z.infer<typeof requestBody>;

export const requestPage = z.object({
  items: z.array(requestBody),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});

export const reminderList = z.object({
  items: z.array(
    z.object({
      request: z.object({
        id: z.uuid(),
        status: z.enum(REQUEST_STATUSES),
        instrument: z.enum(INSTRUMENTS),
        reference: z.string().nullable(),
        platform: ref,
        issuingOrganisation: ref,
        emergency: z.boolean(),
      }),
      deadline: deadlineBody,
      hoursLeft: z.number().describe('Negative when overdue'),
    }),
  ),
});

export const instrumentList = z.object({
  items: z.array(
    z.object({
      id: z.enum(INSTRUMENTS),
      label: z.string(),
      clocks: z.array(
        z.object({
          rule: z.string(),
          kind: z.string(),
          label: z.string(),
          hours: z.number(),
          source: z.string(),
          when: z.string(),
        }),
      ),
    }),
  ),
});
