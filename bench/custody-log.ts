// Custody log benchmark, on embedded PGlite or on PostgreSQL (DATABASE_URL):
//   1. a writer process appending in a loop is killed with SIGKILL; every leaf it acknowledged
//      must be in the log afterwards, with no gap;
//   2. 8 clients append 10,000 leaves each in parallel (each append its own transaction): leaves
//      per second, and the log size must equal the acknowledged writes, no gap, no duplicate;
//   3. the log is filled to --leaves (default 1M) with the append algorithm in bulk batches;
//   4. inclusion and consistency proof times at that size (median and p95 over random requests),
//      checkpoint signing time, and a full `jaga log verify` replay.
//
//   npx tsx --conditions=jaga-source bench/custody-log.ts                       # PGlite, 1M
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     npx tsx --conditions=jaga-source bench/custody-log.ts                     # PostgreSQL, 1M
//   npx tsx --conditions=jaga-source bench/custody-log.ts --leaves 200000 --per-client 1000
//
// Numbers go in docs/custody-log.md.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { encodeLeaf, MerkleFrontier, type Subtree } from '@jaga/custody';
import { appendLeaf, migrateToLatest } from '@jaga/server';
import { currentTreeSize, leavesAfter } from '../apps/server/src/modules/log/log.repository.js';
import {
  consistencyProof,
  createCheckpoint,
  inclusionProof,
} from '../apps/server/src/modules/log/log.service.js';
import { loadOrCreateSigner } from '../apps/server/src/modules/log/log.signer.js';
import { verifyCustodyLog } from '../apps/server/src/modules/log/log.verify.js';
import { benchDatabase, numberOption, openAt } from './lib/database.js';
import { median, quantile } from './lib/stats.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => numberOption(args, name, fallback);

const entry = (n: number, client = 0) => ({
  type: 'artefact.read',
  actor: { userId: `user-${client}`, organisationId: 'org-bench' },
  subject: { kind: 'artefact', id: `artefact-${n % 5000}` },
  at: new Date(Date.UTC(2026, 10, 24) + n).toISOString(),
  details: { n },
});

/** The writer killed in part 1: appends forever, printing each index once its commit returned. */
async function writer(location: string): Promise<void> {
  const handle = await openAt(location);
  for (let n = 0; ; n++) {
    const { index } = await appendLeaf(handle.db, entry(n, 99));
    process.stdout.write(`${index} ${n}\n`);
  }
}

async function killTest(location: string): Promise<string> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    ['--conditions=jaga-source', '--import', 'tsx', script, '--writer', location],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const acknowledged = new Map<number, number>();
  let buffer = '';
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [index, n] = line.split(' ').map(Number);
        acknowledged.set(index as number, n as number);
      }
      if (acknowledged.size >= 2000 && child.exitCode === null && !child.killed) {
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () => resolve());
  });
  const handle = await openAt(location);
  try {
    const size = await currentTreeSize(handle.db);
    let lost = 0;
    const stored = await leavesAfter(handle.db, -1, size + 10);
    const byIndex = new Map(stored.map((leaf) => [leaf.index, leaf.leaf]));
    for (const [index, n] of acknowledged) {
      if (byIndex.get(index) !== encodeLeaf(entry(n, 99)).text) lost++;
    }
    const verification = await verifyCustodyLog(handle.db);
    return `SIGKILL after ${acknowledged.size} acknowledged appends: log size ${size}, ${lost} acknowledged leaves lost, verify ${verification.ok ? 'ok' : `FAILED: ${verification.problem}`}`;
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const writerAt = args.indexOf('--writer');
  if (writerAt >= 0) return writer(args[writerAt + 1] as string);

  const leaves = option('leaves', 1_000_000);
  const clients = 8;
  const perClient = option('per-client', 10_000);
  const serverUrl = process.env.DATABASE_URL;
  const { location, cleanup } = await benchDatabase(serverUrl, 'jaga-custody-bench-');
  const open = () => openAt(location);
  console.log(
    `custody log bench on ${serverUrl ? 'PostgreSQL' : 'PGlite'}; ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  try {
    const first = await open();
    await migrateToLatest(first.db);
    await first.close();

    console.log(await killTest(location));

    const handle = await open();
    const db = handle.db;
    try {
      // 2. Parallel appends.
      const before = await currentTreeSize(db);
      const acknowledged: number[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async (_, client) => {
          for (let n = 0; n < perClient; n++) {
            const { index } = await appendLeaf(db, entry(client * perClient + n, client));
            acknowledged.push(index);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const size = await currentTreeSize(db);
      const sorted = [...acknowledged].sort((a, b) => a - b);
      const contiguous = sorted.every((index, i) => index === before + i);
      console.log(
        `${clients} clients × ${perClient} appends: ${(acknowledged.length / seconds).toFixed(0)} leaves/s; log grew by ${size - before} for ${acknowledged.length} acknowledged; ${new Set(acknowledged).size === acknowledged.length && contiguous ? 'no gap, no duplicate' : 'GAP OR DUPLICATE'}`,
      );

      // 3. Bulk fill with the same append algorithm (the frontier), in large transactions.
      const frontier = new MerkleFrontier();
      for (let after = -1; ;) {
        const batch = await leavesAfter(db, after, 20_000);
        if (batch.length === 0) break;
        for (const leaf of batch) frontier.push(leaf.leafHash);
        after = batch[batch.length - 1]?.index ?? after;
      }
      const fillStarted = performance.now();
      while (frontier.size < leaves) {
        const count = Math.min(5000, leaves - frontier.size);
        const rows: { leaf_index: number; leaf: string; leaf_hash: Buffer; subject_id: string }[] =
          [];
        const nodes: Subtree[] = [];
        for (let i = 0; i < count; i++) {
          const e = entry(frontier.size);
          const leaf = encodeLeaf(e);
          rows.push({
            leaf_index: frontier.size,
            leaf: leaf.text,
            leaf_hash: Buffer.from(leaf.hash),
            subject_id: e.subject.id,
          });
          nodes.push(...frontier.push(leaf.hash));
        }
        await db.transaction().execute(async (trx) => {
          for (let i = 0; i < rows.length; i += 1000) {
            await trx
              .insertInto('custody_log_leaves')
              .values(rows.slice(i, i + 1000))
              .execute();
          }
          for (let i = 0; i < nodes.length; i += 1000) {
            await trx
              .insertInto('custody_log_nodes')
              .values(
                nodes.slice(i, i + 1000).map((node) => ({
                  level: node.level,
                  node_index: node.index,
                  hash: Buffer.from(node.hash),
                })),
              )
              .execute();
          }
          await trx.updateTable('custody_log_state').set({ tree_size: frontier.size }).execute();
        });
        if (frontier.size % 100_000 === 0) process.stderr.write(`filled ${frontier.size}\n`);
      }
      console.log(
        `filled to ${frontier.size} leaves in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s (bulk, 5,000 per transaction)`,
      );

      // 4. Proofs and checkpoints at that size.
      const n = frontier.size;
      const signer = loadOrCreateSigner(undefined);
      const times = {
        inclusion: [] as number[],
        consistency: [] as number[],
        checkpoint: [] as number[],
      };
      let hashes = 0;
      for (let i = 0; i < 300; i++) {
        const index = Math.floor(Math.random() * n);
        let t = performance.now();
        hashes += (await inclusionProof(db, index, n)).hashes.length;
        times.inclusion.push(performance.now() - t);
        const from = 1 + Math.floor(Math.random() * (n - 1));
        t = performance.now();
        await consistencyProof(db, from, n);
        times.consistency.push(performance.now() - t);
      }
      for (let i = 0; i < 20; i++) {
        await db.deleteFrom('custody_log_checkpoints').execute();
        const t = performance.now();
        await createCheckpoint(db, signer, Date.now);
        times.checkpoint.push(performance.now() - t);
      }
      const ms = (xs: number[]) =>
        `median ${median(xs).toFixed(2)} ms, p95 ${quantile(xs, 0.95).toFixed(2)} ms`;
      console.log(
        `at ${n} leaves: inclusion proof (${(hashes / 300).toFixed(1)} hashes) ${ms(times.inclusion)}`,
      );
      console.log(`at ${n} leaves: consistency proof ${ms(times.consistency)}`);
      console.log(`at ${n} leaves: sign + store a checkpoint ${ms(times.checkpoint)}`);

      const verifyStarted = performance.now();
      const verification = await verifyCustodyLog(db, { publicKey: signer.key.publicKey });
      console.log(
        `jaga log verify of ${n} leaves: ${verification.ok ? 'ok' : verification.problem} in ${((performance.now() - verifyStarted) / 1000).toFixed(0)} s; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
      );
    } finally {
      await handle.close();
    }
  } finally {
    await cleanup();
  }
}

await main();
