import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into dist/ and served by the API at `/`; routes are in the URL hash (#/analysis/search…), so the server
// needs no client-route fallback. In development `vite` serves the app and forwards /api to a local API.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:7100', changeOrigin: false } },
  },
});
