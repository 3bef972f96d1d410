/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One file for the renderer build and for Vitest.
export default defineConfig({
  root: 'renderer',
  plugins: [react()],
  base: './', // relative asset URLs: the same build loads from the admin listener and from a file
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false },
  test: {
    root: '.',
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // One PostgreSQL cluster per run, started only when a test file asks for one (docs/scale-out.md).
    globalSetup: ['test/setup/postgres-cluster.ts'],
    environment: 'node',
    // Spawned `scim-desk serve` processes use the UI built before the run; they never rebuild it in parallel.
    env: { SCIM_DESK_NO_UI_BUILD: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ['electron-store'] } }, // so vi.mock('electron') reaches electron-store
  },
});
