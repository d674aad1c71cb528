import { defineConfig } from 'vitest/config';

// `npm test` at the root runs every workspace's own vitest config as one project each.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/server', 'apps/cli', 'apps/web', 'e2e'],
  },
});
