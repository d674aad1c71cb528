import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Settings every workspace's tests share. The `jaga-source` export condition makes tests
 * import sibling packages from their TypeScript sources, so no build is needed to test.
 */
export const shared = defineConfig({
  resolve: { conditions: ['jaga-source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['jaga-source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
