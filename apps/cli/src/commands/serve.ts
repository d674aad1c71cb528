import { startServer } from '@jaga/server';
import { Command } from 'commander';
import { configFrom } from '../lib/server-config.js';

/**
 * `jaga serve`: runs the API and web app on one port, on the embedded database unless
 * `DATABASE_URL` is set. `--demo` seeds the clearly-labelled demo dataset and prints its logins.
 */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the Jaga server (API and web app) on one port')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'interface to listen on (env HOST, default 127.0.0.1)')
    .option(
      '-d, --data <dir>',
      'data folder: embedded database and artefacts (env JAGA_DATA, default ./.jaga/data)',
    )
    .option('--demo', 'seed the demo dataset (idempotent) and print its logins')
    .action(async (options: { port?: string; host?: string; data?: string; demo?: boolean }) => {
      const config = configFrom({
        port: options.port,
        host: options.host,
        dataDir: options.data,
        demo: options.demo ?? false,
      });
      const server = await startServer(config);
      const where =
        server.database.kind === 'pglite'
          ? `embedded database in ${server.database.location}`
          : `PostgreSQL at ${server.database.location}`;
      const lines = [
        ``,
        `  Jaga is running at ${server.url}`,
        `  API reference:      ${server.url}/api/docs`,
        `  Data:               ${where}`,
      ];
      if (server.demoLogins.length > 0) {
        lines.push('', '  Demo logins (demo data only, never use for real cases):');
        for (const login of server.demoLogins) {
          lines.push(`    ${login.role.padEnd(18)} ${login.email.padEnd(34)} ${login.password}`);
        }
      }
      lines.push('', '  Press Ctrl+C to stop.', '');
      process.stdout.write(`${lines.join('\n')}\n`);

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`jaga: ${signal} received, stopping\n`);
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}
