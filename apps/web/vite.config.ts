import { defaultClientConditions, defineConfig } from 'vite';

// JSX is compiled by Vite's built-in transform (tsconfig `jsx: react-jsx`), so no React plugin is
// needed. In development, API calls go to a `jaga serve` on port 3000.
export default defineConfig({
  resolve: { conditions: ['jaga-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // Component libraries mark modules "use client" for React Server Components; a plain SPA
      // bundle drops the directive harmlessly, so the warning is noise.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
