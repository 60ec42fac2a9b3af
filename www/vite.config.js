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
  },
  // The sample shop lives in examples/sample-shop/, outside www/.
  server: { fs: { allow: ['..'] } },
});
