import { z } from 'zod';
import { nextCursor, pageCursor } from '../../http/schema-fragments.js';
import { TLP_LEVELS } from '../sharing/tlp.js';

const tlp = z.enum(TLP_LEVELS, {
  error: (issue) =>
    `must be one of ${TLP_LEVELS.join(', ')} (TLP 2.0)${issue.input === undefined ? '' : `, got ${JSON.stringify(issue.input)}`}`,
});

const groupIds = z.array(z.uuid({ error: 'must be a sharing group id (a UUID)' })).max(100);
const recipientEmails = z
  .array(z.email({ error: 'must be the e-mail of a Jaga user' }).transform((e) => e.toLowerCase()))
  .max(100);

/** The form fields of an upload, after repeatable and JSON-array fields are gathered into lists. */
export const uploadFields = z
  .object({
    tlp,
    groups: groupIds.default([]),
    recipients: recipientEmails.default([]),
    title: z.string().trim().min(1, 'must not be empty').max(500).optional(),
    legalBasis: z.string().trim().min(1, 'must not be empty').max(2000).optional(),
    source: z.string().trim().min(1, 'must not be empty').max(2000).optional(),
    acquiredAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 time such as 2026-11-24T10:00:00Z' })
      .optional(),
  })
  .strict();
export type UploadFields = z.infer<typeof uploadFields>;

/** Field names an upload accepts, besides `file`. */
export const UPLOAD_FIELD_NAMES = [
  'tlp',
  'groups',
  'recipients',
  'title',
  'legalBasis',
  'source',
  'acquiredAt',
] as const;

export const uploadBodyDoc = z
  .object({
    file: z.string().describe('The evidence file (binary); exactly one'),
    tlp: tlp.describe('TLP 2.0 level'),
    groups: z
      .array(z.uuid())
      .optional()
      .describe('Sharing group ids (repeat the field or send a JSON array); they widen AMBER only'),
    recipients: z
      .array(z.string())
      .optional()
      .describe('E-mails of named recipients (repeat the field or send a JSON array)'),
    title: z.string().optional().describe('Defaults to the file name'),
    legalBasis: z
      .string()
      .optional()
      .describe('Warrant, order or consent under which it was obtained'),
    source: z.string().optional().describe('Where it came from'),
    acquiredAt: z.string().optional().describe('When it was acquired (ISO 8601)'),
  })
  .describe('multipart/form-data');

export const artefactParams = z.object({
  id: z.uuid({ error: 'must be an artefact id (a UUID)' }),
});

export const listArtefactsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: pageCursor,
    tlp: tlp.optional().describe('Only artefacts at this level'),
    q: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200)
      .optional()
      .describe('Words in the title or file name (case-insensitive)'),
  })
  .strict();
export type ListArtefactsQuery = z.infer<typeof listArtefactsQuery>;

export const changeSharingBody = z
  .object({
    tlp: tlp.optional(),
    groups: groupIds
      .optional()
      .describe('The sharing groups of your organisation to release it to (replaces them)'),
    recipients: recipientEmails.optional().describe('Named recipients by e-mail (replaces them)'),
  })
  .strict()
  .refine(
    (body) => body.tlp !== undefined || body.groups !== undefined || body.recipients !== undefined,
    { message: 'send at least one of tlp, groups, recipients' },
  )
  .describe('New sharing of an artefact');
export type ChangeSharingBody = z.infer<typeof changeSharingBody>;

const ref = z.object({ id: z.uuid(), name: z.string() });

export const artefactBody = z
  .object({
    id: z.uuid(),
    title: z.string(),
    filename: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string().describe('Lower-case hex SHA-256 of the content, computed on upload'),
    tlp: tlp,
    tlpMarkingDefinitionId: z.string().describe('STIX 2.1 marking-definition id of the TLP level'),
    legalBasis: z.string().nullable(),
    source: z.string().nullable(),
    acquiredAt: z.string().nullable(),
    organisation: ref.describe('The owning organisation'),
    createdBy: z.object({ id: z.uuid(), displayName: z.string() }),
    groups: z.array(ref).describe('Its sharing groups that your organisation is a member of'),
    recipients: z.array(z.object({ id: z.uuid(), email: z.string(), displayName: z.string() })),
    canChangeSharing: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('An evidence artefact (metadata; the bytes are at /content)');
export type ArtefactBody = z.infer<typeof artefactBody>;

export const artefactPage = z.object({
  items: z.array(artefactBody),
  nextCursor,
});

export const artefactStats = z.object({
  total: z.number().int().describe('Artefacts you may read'),
  byTlp: z.record(z.enum(TLP_LEVELS), z.number().int()),
});

export const custodyTrail = z.object({
  items: z.array(
    z.object({
      index: z.number().int(),
      leaf: z.record(z.string(), z.unknown()).describe('The custody entry, as logged'),
      leafHash: z.string().describe('Base64 RFC 9162 leaf hash'),
    }),
  ),
});

export const bundleQuery = z
  .object({
    content: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('true')
      .transform((value) => value === 'true')
      .describe('Embed the bytes in base64 (default), or ship them separately'),
  })
  .strict();
