import type { Writable } from 'node:stream';
import {
  connectNats,
  runScreenWorker,
  type ScreenWorkerOptions,
  WorkerConfigError,
  type WorkerEvent,
  workerOptionProblems,
} from '@jaga/server';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../lib/errors.js';
import { openIngestDatabase } from './import.js';

/** Streams and signals of `jaga worker`; tests pass their own. */
export interface WorkerIo {
  /** Receives one JSON line per event (ready, batch, dead-letter, retry, stopped). */
  stdout?: Writable;
  stderr?: Writable;
  /** Stops the worker gracefully; SIGINT and SIGTERM by default. */
  signal?: AbortSignal;
}

interface ScreenFlags {
  subject: string;
  as: string;
  stream: string;
  consumer: string;
  deadLetter: string;
  batch: number;
  ackWait: number;
  nats: string;
  data?: string;
}

/**
 * `jaga worker screen`: consumes posts from a NATS JetStream subject, screens them and stores
 * them with their selectors and sightings, acknowledging each message only after its batch
 * committed. Several processes with the same `--consumer` share the work (on PostgreSQL).
 *
 * @example
 * program.addCommand(workerCommand());
 * // DATABASE_URL=postgres://… jaga worker screen --subject 'feeds.posts.>' --as feeds@platform.example
 */
export function workerCommand(io: WorkerIo = {}): Command {
  const worker = new Command('worker').description(
    'long-running workers that consume platform feeds from NATS JetStream',
  );
  worker
    .command('screen')
    .description(
      'screen and store posts published on a NATS JetStream subject (one JSON post per message), at least once, idempotently',
    )
    .requiredOption(
      '--subject <subject>',
      'subject of the posts, wildcards allowed (e.g. feeds.posts.>); one JSON post per message, as for POST /api/v1/posts',
    )
    .requiredOption(
      '--as <email>',
      'the account the posts are stored as (an analyst or investigator; its organisation owns them)',
    )
    .option(
      '--stream <name>',
      'JetStream stream holding the feed; created with the subject if missing',
      'JAGA_FEEDS',
    )
    .option(
      '--consumer <name>',
      'durable consumer name; workers with the same name share the messages',
      'jaga-screen',
    )
    .option(
      '--dead-letter <subject>',
      'subject refused messages are republished to, with the reason in the Jaga-Reason header',
      'jaga.dead-letter.posts',
    )
    .option('--batch <n>', 'messages stored per transaction (1–500)', wholeNumber('--batch'), 100)
    .option(
      '--ack-wait <seconds>',
      'seconds before an unacknowledged message is delivered again',
      wholeNumber('--ack-wait'),
      60,
    )
    .addOption(
      new Option('--nats <url>', 'NATS server(s), comma-separated')
        .env('NATS_URL')
        .default('nats://127.0.0.1:4222'),
    )
    .option(
      '-d, --data <dir>',
      'data folder of the embedded database (env JAGA_DATA); it serves one process, so run several workers with DATABASE_URL (PostgreSQL)',
    )
    .addHelpText(
      'after',
      `
Several workers side by side need PostgreSQL (DATABASE_URL): the embedded database's data folder
belongs to one process at a time. Stop with Ctrl+C or SIGTERM: the batch in hand is stored and
acknowledged first. A message killed mid-batch is delivered again and stored once.`,
    )
    .action(async (flags: ScreenFlags) => {
      const stdout = io.stdout ?? process.stdout;
      const stderr = io.stderr ?? process.stderr;
      const options: Omit<ScreenWorkerOptions, 'signal' | 'log'> = {
        stream: flags.stream,
        subject: flags.subject,
        durable: flags.consumer,
        deadLetterSubject: flags.deadLetter,
        batchSize: flags.batch,
        ackWaitMs: flags.ackWait * 1000,
      };
      // Wrong names are reported before anything is opened.
      const problems = workerOptionProblems(options);
      if (problems.length > 0) throw new CliError(problems.join('; '), 2);
      const opened = await openIngestDatabase(flags.data, flags.as, 'jaga worker screen');
      let controller: AbortController | undefined;
      const onSignal = (name: string) => {
        if (controller?.signal.aborted) {
          stderr.write(`jaga: ${name} again, stopping without finishing the batch\n`);
          process.exit(130);
        }
        stderr.write(`jaga: ${name} received, finishing the batch in hand\n`);
        controller?.abort();
      };
      const sigint = () => onSignal('SIGINT');
      const sigterm = () => onSignal('SIGTERM');
      try {
        if (opened.kind === 'pglite') {
          stderr.write(
            `jaga: storing into the embedded database in ${opened.location}; it serves this one process, so for several workers set DATABASE_URL (PostgreSQL)\n`,
          );
        }
        const nc = await connectNats(flags.nats);
        try {
          const signal = io.signal ?? (controller = new AbortController()).signal;
          if (!io.signal) {
            process.on('SIGINT', sigint);
            process.on('SIGTERM', sigterm);
          }
          await runScreenWorker(opened.db, nc, opened.actor, {
            ...options,
            signal,
            log: (event: WorkerEvent) => stdout.write(`${JSON.stringify(event)}\n`),
          });
        } catch (error) {
          if (error instanceof WorkerConfigError) throw new CliError(error.message, 2);
          throw error;
        } finally {
          await nc.drain().catch(() => {});
        }
      } finally {
        process.off('SIGINT', sigint);
        process.off('SIGTERM', sigterm);
        await opened.close();
      }
    });
  return worker;
}

function wholeNumber(flag: string) {
  return (value: string): number => {
    if (!/^[1-9]\d*$/.test(value)) {
      throw new InvalidArgumentError(`${flag} must be a whole number ≥ 1, got '${value}'`);
    }
    return Number(value);
  };
}
