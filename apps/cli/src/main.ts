import { StartupError } from '@jaga/server';
import { CommanderError } from 'commander';
import { CliError } from './lib/errors.js';
import { createProgram } from './program.js';

/** Runs the CLI and turns expected failures into one line on stderr and an exit code. */
async function main(argv: string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed help or the usage problem.
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(`jaga: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof StartupError) {
      process.stderr.write(`jaga: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

await main(process.argv);
