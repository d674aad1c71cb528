/**
 * An error the user can fix: printed as one line `jaga: <message>` without a stack trace, and the
 * process exits with `exitCode` (2 for bad input, 1 otherwise).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
