#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(
    'jaga: the CLI is not built yet. Run `npm run build` in the Jaga repository, then try again.',
  );
  process.exit(1);
}
await import(entry.href);
