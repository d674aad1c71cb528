/**
 * Machine-readable reasons a linkage step refused its input.
 *
 * @example
 * if (error instanceof LinkageError && error.code === 'invalid-record') showRowProblem(error.message);
 */
export type LinkageErrorCode =
  | 'invalid-schema'
  | 'unsupported-schema'
  | 'invalid-secret'
  | 'invalid-record'
  | 'invalid-clk'
  | 'invalid-option'
  | 'too-many-lists';

/**
 * The one error type of the record-linkage module. The message says what is wrong, where, and how to
 * fix it; it never contains the linkage secret or derived keys.
 *
 * @example
 * try {
 *   parseLinkageSchema({ version: 1 });
 * } catch (error) {
 *   if (error instanceof LinkageError) console.error(error.code, error.message);
 * }
 */
export class LinkageError extends Error {
  override readonly name = 'LinkageError';
  readonly code: LinkageErrorCode;

  constructor(code: LinkageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
