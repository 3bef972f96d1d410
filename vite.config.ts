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
    // One PostgreSQL cluster per run, started only when a test file asks for one (docs/scale-out.md).
    globalSetup: ['test/setup/postgres-cluster.ts'],
    environment: 'node',
    // Spawned `scim-desk serve` processes use the UI built before the run; they never rebuild it in parallel.
    env: { SCIM_DESK_NO_UI_BUILD: '1' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ['electron-store'] } }, // so vi.mock('electron') reaches electron-store
    // Four projects, each with the settings above (`extends: true`): `npm test` runs them all,
    // `npm run test:unit` (plain code and real files, no servers or browsers) is the inner loop.
    projects: [
      // Worker threads start faster than the default child processes: about a quarter less CPU for 40 small files.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], pool: 'threads' } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.{ts,tsx}'] } },
      // The SCIM stories (Okta, Entra, the RFC) once more with the directory in PostgreSQL (docs/scale-out.md).
      {
        extends: true,
        test: {
          name: 'integration-postgres',
          include: ['test/integration/{rfc,okta,entra}-*.test.ts'],
          env: { SCIM_DESK_NO_UI_BUILD: '1', SCIM_DESK_TEST_STORE: 'postgres' },
        },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.{ts,tsx}'] } },
    ],
  },
});
