import { z } from 'zod';

const organisationIds = z
  .array(z.uuid({ error: 'must be an organisation id (a UUID)' }))
  .max(500, 'at most 500 organisations per group');

const groupName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

export const createSharingGroupBody = z
  .object({
    name: groupName.describe('Shown to member organisations only'),
    organisations: organisationIds.describe(
      'Member organisations; yours is always a member and need not be listed',
    ),
  })
  .strict()
  .describe('A new sharing group');
export type CreateSharingGroupBody = z.infer<typeof createSharingGroupBody>;

export const changeSharingGroupBody = z
  .object({
    name: groupName.optional(),
    organisations: organisationIds
      .optional()
      .describe('The new member list; the managing organisation always stays a member'),
  })
  .strict()
  .refine((body) => body.name !== undefined || body.organisations !== undefined, {
    message: 'send at least one of name, organisations',
  })
  .describe('Changes to a sharing group (by its managing organisation only)');
export type ChangeSharingGroupBody = z.infer<typeof changeSharingGroupBody>;

export const sharingGroupParams = z.object({
  id: z.uuid({ error: 'must be a sharing group id (a UUID)' }),
});

export const createdSharingGroup = z.object({ id: z.uuid() });

const organisationRef = z.object({ id: z.uuid(), name: z.string() });

export const sharingGroupBody = z
  .object({
    id: z.uuid(),
    name: z.string(),
    managedBy: organisationRef.describe('The organisation that created the group and manages it'),
    organisations: z.array(organisationRef),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('A sharing group, shown only to users of its member organisations');
export type SharingGroupBody = z.infer<typeof sharingGroupBody>;

export const sharingGroupList = z.object({ items: z.array(sharingGroupBody) });
