import { defineConfig } from 'vite';

export default defineConfig({
  // Pre-bundling would move the package and break the URL of its .wasm file.
  optimizeDeps: { exclude: ['fenxiao'] },
  build: { target: 'es2020' },
});
