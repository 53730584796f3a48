import { defineConfig } from 'vitest/config';

// No @vitejs/plugin-react: esbuild's automatic JSX runtime is all we need (and no Fast Refresh).
// `npm run dev` proxies the API and the live socket to a running server (PARLEY_URL).
const apiTarget = process.env.PARLEY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be bundled anyway, never inline; modern browsers do not need it.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'widget/src/**/*.test.ts'],
    environment: 'node',
  },
});
