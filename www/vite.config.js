import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  // Pre-bundling would move the package away from its .wasm file.
  optimizeDeps: { exclude: ['fenxiao'] },
  // Relative asset URLs: the built site works from any directory of any web server.
  base: './',
  build: {
    target: 'es2020',
    // Product pictures stay files (not data: URLs), served from the same origin, so drawing
    // them on the poster canvas keeps it exportable as PNG.
    assetsInlineLimit: 0,
    // The simulator's page carries ECharts (its bar chart on the canvas renderer only), about
    // half a megabyte minified.
    chunkSizeWarningLimit: 800,
    // Two pages: the distributor's share poster and the merchant's commission simulator.
    rollupOptions: {
      input: {
        poster: fileURLToPath(new URL('index.html', import.meta.url)),
        simulator: fileURLToPath(new URL('simulator.html', import.meta.url)),
      },
    },
  },
  // The simulator's worker loads the package and splits its code: an ES module worker.
  worker: { format: 'es' },
  // The sample shop lives in examples/sample-shop/, outside www/.
  server: { fs: { allow: ['..'] } },
});
