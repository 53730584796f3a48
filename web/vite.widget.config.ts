import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vitest/config';

// The embeddable chat widget (C7): one self-contained, minified script, dist/widget.js, built after the app
// (whose build empties dist/). Also copies the demo page that the server serves at /demo.
// `npm run build:widget` builds it, `npm run test:widget` runs its unit tests.
function demoPage(): Plugin {
  return {
    name: 'parley-widget-demo',
    generateBundle() {
      for (const [from, to] of [
        ['widget/demo.html', 'widget-demo.html'],
        ['widget/demo.css', 'widget-demo.css'],
      ]) {
        this.emitFile({ type: 'asset', fileName: to, source: readFileSync(from, 'utf8') });
      }
    },
  };
}

export default defineConfig({
  publicDir: false,
  plugins: [demoPage()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    // Visitors' browsers, not ours: keep syntax that Safari 14 and the Chromium of 2020 understand.
    target: 'es2020',
    minify: 'esbuild',
    reportCompressedSize: true,
    lib: {
      entry: 'widget/src/main.ts',
      formats: ['iife'],
      name: 'ParleyWidgetBundle',
      fileName: () => 'widget.js',
    },
  },
  test: {
    include: ['widget/src/**/*.test.ts'],
    environment: 'node',
  },
});
