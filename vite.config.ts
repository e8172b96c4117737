import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** Cross-origin isolation: SharedArrayBuffer and threaded WASM need both headers. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative base: dist/ works from any sub-path of any static host.
  base: './',
  plugins: [svelte()],
  worker: {
    format: 'es',
    // Threaded tfjs-wasm hangs ("e is not defined") when the minifier compresses the pthread
    // bootstrap's typeof check; mangling alone is safe (measured, see ../shared/TOOLCHAIN.md).
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
