import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is served by the API process from dist/web (see apps/api/src/web-console.ts).
export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rolldownOptions: {
      // antd marks its modules "use client" (a React Server Components hint, meaningless in a browser bundle).
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npm run web:dev`: the API on :3000 answers everything but the console's own files.
    proxy: Object.fromEntries(
      [
        '/auth',
        '/public',
        '/search',
        '/demands',
        '/achievements',
        '/matches',
        '/activities',
        '/indicators',
        '/indicator-reports',
        '/events',
        '/exports',
        '/files',
        '/users',
        '/organisations',
        '/industry-chains',
        '/notifications',
      ].map((p) => [p, 'http://127.0.0.1:3000']),
    ),
  },
});
