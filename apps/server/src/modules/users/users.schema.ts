import { z } from 'zod';
import { USER_ROLES } from '../../db/schema.js';

export const userRole = z.enum(USER_ROLES);

export const userBody = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: userRole,
    totpEnabled: z.boolean(),
    disabled: z.boolean(),
    isDemo: z.boolean(),
    createdAt: z.string().describe('ISO 8601 time'),
  })
  .describe('A user of this Jaga node');
export type UserBody = z.infer<typeof userBody>;

export const createUserRequest = z
  .object({
    organisationId: z.uuid(),
    email: z.email(),
    role: userRole,
    displayName: z.string().trim().min(1).max(200).optional(),
    password: z
      .string()
      .min(12, 'must have at least 12 characters')
      .max(1024)
      .optional()
      .describe('Omit to have a strong one generated and returned once'),
  })
  .strict();

export const createUserResponse = userBody
  .extend({
    generatedPassword: z
      .string()
      .optional()
      .describe('Present when no password was given: shown once, hand it over safely'),
  })
  .describe('The new user');

export const updateUserRequest = z
  .object({
    role: userRole.optional(),
    displayName: z.string().trim().min(1).max(200).optional(),
    organisationId: z.uuid().optional(),
    disabled: z.boolean().optional(),
    password: z.string().min(12, 'must have at least 12 characters').max(1024).optional(),
  })
  .strict();

export const userListQuery = z.object({ organisationId: z.uuid().optional() });

export const userListResponse = z.object({ items: z.array(userBody) });

export const userIdParams = z.object({ id: z.uuid() });

export const changeOwnPasswordRequest = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z.string().min(12, 'must have at least 12 characters').max(1024),
  })
  .strict();
