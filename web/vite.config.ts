// Vite build of the web UI: web/src → web/dist (committed, so `npm start` needs no build step).
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { hashWebSources, SOURCE_HASH_FILE } from './source-hash.ts';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/** Writes the hash of the sources into dist, so test/web-build.test.ts can fail when dist is stale. */
function recordSourceHash(): Plugin {
  return {
    name: 'kachi-source-hash',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SOURCE_HASH_FILE, source: `${hashWebSources(webDir)}\n` });
    },
  };
}

export default defineConfig({
  root: webDir,
  // Relative asset URLs: the UI keeps working behind a reverse proxy that mounts Kachi under a path.
  base: './',
  plugins: [preact(), recordSourceHash()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: false,
  },
});
