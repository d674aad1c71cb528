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
