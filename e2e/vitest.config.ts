import { defineConfig, mergeConfig } from 'vitest/config';
import { shared } from '../vitest.shared.js';

// Browser tests start a real server and Chromium: give them time and run them one at a time.
export default mergeConfig(
  shared,
  defineConfig({
    test: { name: 'e2e', testTimeout: 90_000, hookTimeout: 120_000, fileParallelism: false },
  }),
);
