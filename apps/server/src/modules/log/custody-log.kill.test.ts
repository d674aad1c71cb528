// Run by vitest, this file checks that a writer killed with SIGKILL loses no acknowledged leaf.
// Run as a child process with JAGA_KILL_WRITER=<data folder>, it is that writer.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLeaf } from '@jaga/custody';
import { openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { appendLeaf } from './custody-log.js';
import { currentTreeSize, leavesAfter } from './log.repository.js';
import { verifyCustodyLog } from './log.verify.js';

const entry = (n: number) => ({
  type: 'case.note',
  subject: { kind: 'case', id: `case-${n % 7}` },
  at: new Date(Date.UTC(2026, 10, 24) + n).toISOString(),
  details: { n },
});

const writerFolder = process.env.JAGA_KILL_WRITER;
if (writerFolder) {
  const handle = await openDatabase({ dataDir: writerFolder });
  for (let n = 0; ; n++) {
    const { index } = await appendLeaf(handle.db, entry(n));
    // Printed only after the commit returned: this is the acknowledgement.
    process.stdout.write(`${index} ${n}\n`);
  }
} else {
  const { afterAll, describe, expect, it } = await import('vitest');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-kill-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  describe('a writer killed with SIGKILL (PGlite data folder)', () => {
    it('loses no acknowledged leaf and leaves a consistent log', async () => {
      const setup = await openDatabase({ dataDir: folder });
      await migrateToLatest(setup.db);
      await setup.close();

      const child = spawn(
        process.execPath,
        ['--conditions=jaga-source', '--import', 'tsx', fileURLToPath(import.meta.url)],
        { env: { ...process.env, JAGA_KILL_WRITER: folder }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const acknowledged = new Map<number, number>();
      let buffer = '';
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => {
        errors += chunk.toString();
      });
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            const [index, n] = line.split(' ').map(Number);
            acknowledged.set(index as number, n as number);
          }
          if (acknowledged.size >= 150 && !child.killed) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve());
      });
      expect(errors).toBe('');
      expect(child.signalCode).toBe('SIGKILL');

      const after = await openDatabase({ dataDir: folder });
      try {
        const size = await currentTreeSize(after.db);
        expect(size).toBeGreaterThanOrEqual(acknowledged.size);
        const stored = new Map(
          (await leavesAfter(after.db, -1, size + 10)).map((leaf) => [leaf.index, leaf.leaf]),
        );
        for (const [index, n] of acknowledged) {
          expect(stored.get(index)).toBe(encodeLeaf(entry(n)).text);
        }
        const verification = await verifyCustodyLog(after.db);
        expect(verification.problem).toBeUndefined();
        expect(verification.leavesChecked).toBe(size);
      } finally {
        await after.close();
      }
    }, 180_000);
  });
}
