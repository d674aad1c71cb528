import { AppError } from '../../errors.js';

/** Fewest and most bits a CLK may have (clkhash's usual l is 1024). */
export const MIN_CLK_BITS = 128;
export const MAX_CLK_BITS = 8192;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function refuse(where: string, message: string): never {
  throw new AppError('bad_request', `${where}: ${message}`, [{ where, message }]);
}

/**
 * Checks that an uploaded list holds CLKs and nothing else, and packs them back to back. Each entry
 * must be canonical standard base64 (as `jaga link encode` and clkhash write it) of 128 to 8,192
 * bits, every entry the same length, with at least one bit set. Plain text such as a name, a date
 * or an identity number fails these checks, so the hub never stores one.
 *
 * @example
 * const { bits, bytes } = decodeClks(body.clks); // bits = 1024, bytes.length = 128 * records
 */
export function decodeClks(clks: readonly string[]): { bits: number; bytes: Uint8Array } {
  let width = -1;
  const decoded: Buffer[] = [];
  clks.forEach((clk, i) => {
    const where = `body/clks/${i}`;
    if (clk.length === 0 || !BASE64.test(clk)) {
      refuse(
        where,
        'is not a CLK: expected standard base64 (A-Z a-z 0-9 + / with = padding) as written by "jaga link encode"; encode the list with the shared schema and secret first, never upload names',
      );
    }
    const bytes = Buffer.from(clk, 'base64');
    if (bytes.toString('base64') !== clk) {
      refuse(where, 'is not canonical base64 (stray bits in its last character)');
    }
    const bits = bytes.length * 8;
    if (bits < MIN_CLK_BITS || bits > MAX_CLK_BITS) {
      refuse(
        where,
        `is not a CLK: it has ${bits} bits, a CLK has ${MIN_CLK_BITS} to ${MAX_CLK_BITS} (1024 with the usual schema)`,
      );
    }
    if (width < 0) width = bytes.length;
    else if (bytes.length !== width) {
      refuse(
        where,
        `has ${bits} bits but clks/0 has ${width * 8}; every CLK of a list must come from the same schema`,
      );
    }
    if (bytes.every((byte) => byte === 0)) {
      refuse(where, 'has no bit set: it encodes nothing and would match no one');
    }
    decoded.push(bytes);
  });
  return { bits: width * 8, bytes: new Uint8Array(Buffer.concat(decoded)) };
}
