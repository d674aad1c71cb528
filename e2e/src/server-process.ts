import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(REPO_ROOT, 'apps/cli/bin/jaga.js');

/** Why the built app cannot be started, or `undefined` when it can. */
export function missingBuild(): string | undefined {
  for (const file of [
    'apps/cli/dist/main.js',
    'apps/server/dist/main.js',
    'apps/web/dist/index.html',
  ]) {
    if (!fs.existsSync(path.join(REPO_ROOT, file))) return `${file} is missing (run npm run build)`;
  }
  return undefined;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A fresh, empty data folder under the system's temporary folder. */
export function freshDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jaga-e2e-'));
}

/** A `jaga serve` child process. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far, for failure messages. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built CLI's `serve` on `port` with `dataDir`, without waiting for it to be ready. */
export function spawnServer(port: number, dataDir: string, args: string[] = []): ServerProcess {
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', String(port), '--data', dataDir, ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let printed = '';
  child.stdout?.on('data', (chunk) => {
    printed += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    printed += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => printed,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until `GET /health` answers 200, or fails with what the server printed. */
export async function waitForHealth(server: ServerProcess, timeoutMs = 60_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) {
      throw new Error(`jaga serve exited with code ${server.child.exitCode}:\n${server.output()}`);
    }
    try {
      const response = await fetch(`${server.url}/health`);
      if (response.status === 200) return response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`jaga serve did not become healthy in ${timeoutMs} ms:\n${server.output()}`);
}
