import { Command } from 'commander';
import { adminCommand } from './commands/admin.js';
import { dbCommand } from './commands/db.js';
import { estimateCommand } from './commands/estimate.js';
import { importCommand } from './commands/import.js';
import { linkCommand } from './commands/link.js';
import { logCommand } from './commands/log.js';
import { screenCommand } from './commands/screen.js';
import { serveCommand } from './commands/serve.js';
import { traceCommand } from './commands/trace.js';
import { workerCommand } from './commands/worker.js';

/** The `jaga` command line: one `addCommand` per subcommand, each in `commands/`. */
export function createProgram(): Command {
  const program = new Command('jaga')
    .description('Jaga: coordinated response to human trafficking into online scam centres')
    .showHelpAfterError('(run jaga --help for the list of commands)')
    .exitOverride();
  program.addCommand(serveCommand());
  program.addCommand(adminCommand());
  program.addCommand(dbCommand());
  program.addCommand(estimateCommand());
  program.addCommand(linkCommand());
  program.addCommand(traceCommand());
  program.addCommand(screenCommand());
  program.addCommand(logCommand());
  program.addCommand(importCommand());
  program.addCommand(workerCommand());
  return program;
}
