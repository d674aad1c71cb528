import { Secret, TOTP } from 'otpauth';

const ISSUER = 'Jaga';

function totpFor(secret: string, label = 'user'): TOTP {
  // RFC 6238 defaults (SHA-1, 6 digits, 30 s): what every authenticator app supports.
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

/**
 * A new random TOTP secret (160 bits, base32) and the `otpauth://` URI to show as a QR code.
 *
 * @example
 * const { secret, uri } = newTotpSecret('analyst@agency.example');
 */
export function newTotpSecret(label: string): { secret: string; uri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totpFor(secret, label).toString() };
}

/** Whether a code is valid at `now`, allowing one 30-second step of clock drift either way. */
export function checkTotp(secret: string, code: string, now: Date): boolean {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  return totpFor(secret).validate({ token, timestamp: now.getTime(), window: 1 }) !== null;
}

/** The code an authenticator app shows at `now` (tests, and checking a clock). */
export function currentTotp(secret: string, now: Date): string {
  return totpFor(secret).generate({ timestamp: now.getTime() });
}
