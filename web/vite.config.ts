import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The web app: built into web/dist, which the server serves at `/`. In development the API is proxied. */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: [
      // The shared domain code's problems reach the reader through the web's own translations: the
      // catalogue's English texts (about 9 KB gzipped) stay on the server. See web/src/i18n/problem-kinds.ts.
      { find: /^\.\/problem-catalogue\.js$/, replacement: here('src/i18n/problem-kinds.ts') },
    ],
  },
  build: { outDir: here('dist'), emptyOutDir: true, chunkSizeWarningLimit: 800, sourcemap: !!process.env.WEB_SOURCEMAP },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
