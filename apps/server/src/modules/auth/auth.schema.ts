import { z } from 'zod';
import { organisationBody } from '../organisations/organisations.schema.js';
import { userBody } from '../users/users.schema.js';

export const meResponse = z
  .object({
    user: userBody,
    organisation: organisationBody,
    via: z.enum(['session', 'token']).describe('How this request was authenticated'),
    scopes: z.array(z.string()),
    csrfToken: z
      .string()
      .optional()
      .describe('With a session: the value to send in X-CSRF-Token on every write'),
  })
  .describe('The signed-in user and their organisation');
export type MeResponse = z.infer<typeof meResponse>;
