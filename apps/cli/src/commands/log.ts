import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import { type BundleVerification, keyIdOf, verifyEvidenceBundle } from '@jaga/custody';
import { type LogVerification, verifyStoredLog } from '@jaga/server';
import { Command } from 'commander';
import { CliError } from '../lib/errors.js';
import { configFrom } from '../lib/server-config.js';

/** Where the log commands write; tests pass their own. */
export interface LogIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

/** `jaga log verify` and `jaga log verify-bundle`: check the custody log and evidence bundles. */
export function logCommand(io: LogIo = {}): Command {
  const log = new Command('log').description(
    'check the tamper-evident custody log (RFC 9162 Merkle log with signed checkpoints)',
  );
  log.addCommand(verifyCommand(io));
  log.addCommand(verifyBundleCommand(io));
  return log;
}

function verifyCommand(io: LogIo): Command {
  return new Command('verify')
    .description(
      'replay the whole custody log from the database and report the first inconsistency (exit 1); the embedded database must not be in use by a running server',
    )
    .option(
      '-d, --data <dir>',
      'data folder (embedded database, log key, artefact files; env JAGA_DATA, default ./.jaga/data)',
    )
    .option(
      '--public-key <file>',
      'the published log public key (PEM or base64), instead of the key in the data folder',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { data?: string; publicKey?: string; json?: boolean }) => {
      const stdout = io.stdout ?? process.stdout;
      const stderr = io.stderr ?? process.stderr;
      const config = configFrom({ dataDir: options.data });
      const publicKey = options.publicKey ? readPublicKey(options.publicKey) : undefined;
      const progress = (done: number, total: number) => {
        if ((stderr as NodeJS.WriteStream).isTTY)
          stderr.write(`\rreplayed ${done}/${total} leaves`);
      };
      const result = await verifyStoredLog(config, { publicKey, onProgress: progress });
      if ((stderr as NodeJS.WriteStream).isTTY) stderr.write('\n');
      stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatLog(result));
      if (!result.ok) process.exitCode = 1;
    });
}

function verifyBundleCommand(io: LogIo): Command {
  return new Command('verify-bundle')
    .description(
      'verify an evidence bundle offline: checkpoint signature, custody leaves, inclusion proofs and artefact bytes (exit 1 when anything fails)',
    )
    .argument('<file>', 'the evidence bundle (jaga-evidence-bundle/1 JSON)')
    .option('--content <file>', 'the artefact file, when it is not inside the bundle')
    .option(
      '--key-id <id...>',
      'trusted log key id(s) (base64, from /api/v1/log/public-key): the bundle must be signed by one',
    )
    .option('--public-key <file>', 'trusted log public key (PEM or base64)')
    .option('--json', 'print the result as JSON')
    .action(
      (
        file: string,
        options: { content?: string; keyId?: string[]; publicKey?: string; json?: boolean },
      ) => {
        const stdout = io.stdout ?? process.stdout;
        const bundle = readJson(file);
        const trustedKeyIds = [...(options.keyId ?? [])];
        if (options.publicKey) trustedKeyIds.push(keyIdOf(readPublicKey(options.publicKey)));
        const content = options.content ? readFile(options.content, 'artefact file') : undefined;
        const result = verifyEvidenceBundle(bundle, { trustedKeyIds, content });
        stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatBundle(result));
        if (!result.ok) process.exitCode = 1;
      },
    );
}

function readFile(file: string, what: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (error) {
    throw new CliError(
      `cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      2,
    );
  }
}

function readJson(file: string): unknown {
  const text = new TextDecoder().decode(readFile(file, 'evidence bundle'));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not JSON: ${(error as Error).message}`, 2);
  }
}

/** A raw 32-byte Ed25519 key from a PEM file or a file or argument holding base64. */
function readPublicKey(source: string): Uint8Array {
  const text = fs.existsSync(source)
    ? new TextDecoder().decode(readFile(source, 'public key')).trim()
    : source.trim();
  try {
    if (text.startsWith('-----BEGIN')) {
      const jwk = createPublicKey(text).export({ format: 'jwk' });
      if (jwk.crv !== 'Ed25519' || !jwk.x)
        throw new Error(`not an Ed25519 key (${jwk.crv ?? jwk.kty})`);
      return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
    }
    const raw = Buffer.from(text, 'base64');
    if (raw.length !== 32 || raw.toString('base64') !== text) {
      throw new Error('expected 32 bytes in standard base64');
    }
    return new Uint8Array(raw);
  } catch (error) {
    throw new CliError(
      `--public-key ${source}: ${(error as Error).message}; give the PEM or the base64 "publicKey" from /api/v1/log/public-key`,
      2,
    );
  }
}

function formatLog(result: LogVerification): string {
  const lines = [
    result.ok
      ? `Custody log verified: ${result.treeSize} entries, root ${result.rootHash ?? ''}`
      : `Custody log INCONSISTENT: ${result.problem ?? 'unknown problem'}`,
    `  leaves replayed:     ${result.leavesChecked} of ${result.treeSize}`,
    `  checkpoints checked: ${result.checkpointsChecked}`,
    `  artefacts checked:   ${result.artefactsChecked}`,
    ...result.warnings.map((warning) => `  warning: ${warning}`),
  ];
  return `${lines.join('\n')}\n`;
}

function formatBundle(result: BundleVerification): string {
  const s = result.summary;
  const lines = [
    result.ok ? 'Evidence bundle verified.' : 'Evidence bundle FAILED verification:',
    ...result.problems.map((problem) => `  problem: ${problem}`),
    `  artefact:        ${s.artefactId ?? '?'}${s.contentChecked ? ' (content hashed)' : ''}`,
    `  custody leaves:  ${s.entries}`,
    `  checkpoint:      ${s.treeSize ?? '?'} entries, signed ${s.checkpointTime ?? '?'}`,
    `  log key id:      ${s.keyId ?? '?'}`,
    ...result.warnings.map((warning) => `  warning: ${warning}`),
  ];
  return `${lines.join('\n')}\n`;
}
