import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { cspFromHtml, headerCsp, serviceWorkerPlugin } from './scripts/sw-plugin.ts';

/** Cross-origin isolation: SharedArrayBuffer and threaded WASM need both headers. */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The page's CSP (index.html's meta tag) as a header, which also binds workers; see scripts/sw-plugin.ts. */
const csp = headerCsp(cspFromHtml(readFileSync(new URL('./index.html', import.meta.url), 'utf8')));

export default defineConfig({
  // Relative base: dist/ works from any sub-path of any static host.
  base: './',
  plugins: [
    svelte(),
    // dist/sw.js: isolation headers where the host sends none, and the offline cache (build only).
    // `VITE_SERVICE_WORKER=off npm run build` leaves it out (see README, Deploy).
    serviceWorkerPlugin({ source: 'src/sw/sw.ts', csp, enabled: process.env.VITE_SERVICE_WORKER !== 'off' }),
  ],
  worker: {
    format: 'es',
    // Threaded tfjs-wasm hangs ("e is not defined") when the minifier compresses the pthread
    // bootstrap's typeof check; mangling alone is safe (measured, see ../shared/TOOLCHAIN.md).
    rolldownOptions: { output: { minify: { compress: false, mangle: true } } },
  },
  // The dev server stays without a CSP header (hot reload needs inline scripts and a socket).
  server: { headers: isolationHeaders },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': csp } },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
