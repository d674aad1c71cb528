import { z } from 'zod';

export const createAccessRequestBody = z
  .object({
    selectorId: z.uuid({ error: 'must be a selector id (a UUID)' }).optional(),
    hintId: z
      .string()
      .max(200)
      .optional()
      .describe('The `hintId` of a hint from GET /api/v1/selectors (asks the holders at its TLP)'),
    reason: z
      .string()
      .trim()
      .min(10, 'must say why you need access (at least 10 characters): the owner decides on it')
      .max(2000),
  })
  .strict()
  .refine((body) => (body.selectorId === undefined) !== (body.hintId === undefined), {
    message: 'send either selectorId or hintId',
    path: ['selectorId'],
  })
  .describe('Ask the organisations holding records about a selector to share them');
export type CreateAccessRequestBody = z.infer<typeof createAccessRequestBody>;

export const decisionBody = z
  .object({ note: z.string().trim().max(2000).optional().describe('Shown to the requester') })
  .strict()
  .default({});

export const accessRequestParams = z.object({
  id: z.uuid({ error: 'must be an access request id (a UUID)' }),
});

export const listAccessRequestsQuery = z
  .object({
    role: z
      .enum(['requester', 'owner'], { error: 'must be requester or owner' })
      .default('requester')
      .describe('`requester`: requests your organisation made; `owner`: requests to it'),
    status: z.enum(['pending', 'granted', 'denied']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const ref = z.object({ id: z.uuid(), name: z.string() });

export const accessRequestBody = z
  .object({
    id: z.uuid(),
    status: z.enum(['pending', 'granted', 'denied']),
    selector: z.object({ id: z.uuid(), type: z.string(), value: z.string() }),
    reason: z.string(),
    requester: z.object({
      id: z.uuid(),
      displayName: z.string(),
      organisation: ref,
    }),
    owner: ref
      .nullable()
      .describe('The organisation asked; hidden from the requester until it grants'),
    decisionNote: z.string().nullable(),
    grantedRecords: z.number().int().describe('Records shared with the requester on grant'),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .describe('A request to read records another organisation holds about a selector');
export type AccessRequestBody = z.infer<typeof accessRequestBody>;

export const accessRequestList = z.object({ items: z.array(accessRequestBody) });

export const notificationList = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.string(),
      message: z.string(),
      subjectId: z.uuid().nullable(),
      createdAt: z.string(),
      read: z.boolean(),
    }),
  ),
  unread: z.number().int(),
});

export const notificationParams = z.object({
  id: z.uuid({ error: 'must be a notification id (a UUID)' }),
});
