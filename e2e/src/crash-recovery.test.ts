import fs from 'node:fs';
import { DEMO_LOGINS, migrateToLatest, openDatabase } from '@jaga/server';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_REQUIRED } from './browser.js';
import {
  freePort,
  freshDataDir,
  missingBuild,
  spawnServer,
  waitForHealth,
} from './server-process.js';

const skipReason = missingBuild();
if (skipReason && !BROWSER_REQUIRED) {
  console.log(`[jaga] crash-recovery tests skipped: ${skipReason}`);
}

describe.skipIf(skipReason !== undefined && !BROWSER_REQUIRED)(
  'a server killed while starting',
  () => {
    // In CI (JAGA_E2E_REQUIRED=1) a missing build is a failure, not a quiet skip.
    beforeAll(() => {
      if (skipReason)
        throw new Error(`crash-recovery tests are required here but cannot run: ${skipReason}`);
    });

    // Kill while the embedded database is being created, and while the demo data is being seeded
    // into a database that already exists (opening it and migrating take well under a second).
    it.each([
      { moment: 'creating the database', prepared: false, killAfterMs: 400 },
      { moment: 'seeding the demo data', prepared: true, killAfterMs: 900 },
    ])(
      'restarts cleanly after SIGKILL while $moment, with the demo data exactly once',
      async ({ prepared, killAfterMs }) => {
        const dataDir = freshDataDir();
        try {
          if (prepared) {
            const setup = spawnServer(await freePort(), dataDir);
            await waitForHealth(setup, 90_000);
            await setup.stop('SIGTERM');
          }
          const first = spawnServer(await freePort(), dataDir, ['--demo']);
          await new Promise((resolve) => setTimeout(resolve, killAfterMs));
          await first.stop('SIGKILL');

          const second = spawnServer(await freePort(), dataDir, ['--demo']);
          await expect(waitForHealth(second, 90_000)).resolves.toMatchObject({ status: 'ok' });
          expect(second.output()).toContain('admin@demo.jaga.example');
          await expect(second.stop('SIGTERM')).resolves.toBe(0);

          const handle = await openDatabase({ dataDir });
          try {
            const counts = await sql<{ users: number; organisations: number }>`
            select (select count(*) from users where is_demo) as users,
                   (select count(*) from organisations where is_demo) as organisations`.execute(
              handle.db,
            );
            expect(counts.rows[0]).toEqual({ users: DEMO_LOGINS.length, organisations: 4 });
            // Every migration was applied exactly once: nothing is left to apply.
            await expect(migrateToLatest(handle.db)).resolves.toEqual({ applied: [] });
          } finally {
            await handle.close();
          }
        } finally {
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      },
      180_000,
    );
  },
);
