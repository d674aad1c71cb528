const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = /^(?:[0-9a-f]{2})*$/;

/**
 * Standard base64 (RFC 4648 §4, with padding), the encoding of every hash in the log API.
 *
 * @example
 * toBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[n >> 18];
    out += ALPHABET[(n >> 12) & 63];
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63];
    out += c === undefined ? '=' : ALPHABET[n & 63];
  }
  return out;
}

/**
 * Decodes standard padded base64; throws a `TypeError` naming `what` on anything else.
 *
 * @example
 * fromBase64('AQID', 'rootHash'); // Uint8Array [1, 2, 3]
 */
export function fromBase64(text: string, what = 'value'): Uint8Array {
  if (typeof text !== 'string' || !BASE64.test(text)) {
    throw new TypeError(`${what} must be standard base64 with padding (got ${describe(text)})`);
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const char = text[i + j] as string;
      n = (n << 6) | (char === '=' ? 0 : ALPHABET.indexOf(char));
    }
    if (at < bytes.length) bytes[at++] = n >> 16;
    if (at < bytes.length) bytes[at++] = (n >> 8) & 255;
    if (at < bytes.length) bytes[at++] = n & 255;
  }
  return bytes;
}

/**
 * Lowercase hexadecimal, the encoding of artefact SHA-256 digests (as `sha256sum` prints them).
 *
 * @example
 * toHex(new Uint8Array([0xab, 0x01])); // 'ab01'
 */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * Decodes lowercase hexadecimal; throws a `TypeError` naming `what` on anything else.
 *
 * @example
 * fromHex('ab01', 'sha256'); // Uint8Array [0xab, 0x01]
 */
export function fromHex(text: string, what = 'value'): Uint8Array {
  if (typeof text !== 'string' || !HEX.test(text)) {
    throw new TypeError(`${what} must be lowercase hexadecimal (got ${describe(text)})`);
  }
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return value.length > 20 ? `"${value.slice(0, 20)}…"` : `"${value}"`;
}
