/** What went wrong, as a stable string a caller can branch on. */
export type MseErrorCode =
  | 'invalid-input'
  | 'mle-does-not-exist'
  | 'not-identifiable'
  | 'no-admissible-model'
  | 'did-not-converge';

/**
 * The one error type of multiple systems estimation: a specific message (what, where, how to fix)
 * and a `code` for programs.
 *
 * @example
 * try { captureData(['A'], []); } catch (e) { if (e instanceof MseError) e.code; } // 'invalid-input'
 */
export class MseError extends Error {
  override readonly name = 'MseError';
  readonly code: MseErrorCode;

  constructor(code: MseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
