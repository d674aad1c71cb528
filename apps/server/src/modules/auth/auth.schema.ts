import { z } from 'zod';
import { organisationBody } from '../organisations/organisations.schema.js';
import { userBody } from '../users/users.schema.js';
import { TOKEN_SCOPES } from './actor.js';

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

export const loginRequest = z
  .object({
    email: z.string().trim().min(1, 'is required').max(320),
    password: z.string().min(1, 'is required').max(1024),
    totp: z.string().max(16).optional().describe('6-digit code when two-step sign-in is on'),
  })
  .strict();

export const loginResponse = meResponse
  .extend({ csrfToken: z.string(), expiresAt: z.string() })
  .describe('Signed in: the session cookie is set; send csrfToken in X-CSRF-Token on writes');

export const tokenScope = z.enum(TOKEN_SCOPES);

export const tokenBody = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('First characters of the token, to tell tokens apart'),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type TokenBody = z.infer<typeof tokenBody>;

export const createTokenRequest = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    scopes: z.array(tokenScope).min(1).optional().describe('Defaults to ["read"]'),
    expiresInDays: z.number().positive().max(366).optional().describe('Defaults to 90'),
  })
  .strict();

export const createTokenResponse = tokenBody
  .extend({ token: z.string().describe('Shown once; only its hash is kept') })
  .describe('A new API token');

export const tokenListResponse = z.object({ items: z.array(tokenBody) });

export const tokenIdParams = z.object({ id: z.uuid() });

export const totpEnrolResponse = z.object({
  secret: z.string().describe('Base32 secret for the authenticator app'),
  uri: z.string().describe('otpauth:// URI, to show as a QR code'),
});

export const totpCodeRequest = z.object({ code: z.string().min(1).max(16) }).strict();
