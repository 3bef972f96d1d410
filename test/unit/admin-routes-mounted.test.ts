import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiRouter } from '../../server/admin/api.js';
import { API_ENDPOINTS } from '../../server/admin/contract.js';
import { openServices, type Services } from '../../server/core/services.js';
import { makeDataDir, removeDataDir } from '../helpers/store-fixtures.js';

/** An Express router's stack as this test reads it (Express 5's router: layers with a route, or a nested router). */
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /api/path` the router answers, walking nested routers (each concern's router is mounted at /). */
function mountedRoutes(stack: readonly Layer[]): string[] {
  const found: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods))
        found.push(`${method.toUpperCase()} /api${layer.route.path}`);
    } else if (layer.handle?.stack) {
      found.push(...mountedRoutes(layer.handle.stack));
    }
  }
  return found;
}

describe('the admin API router', () => {
  let dataDir: string;
  let services: Services;
  beforeAll(async () => {
    dataDir = await makeDataDir();
    services = await openServices(dataDir);
  });
  afterAll(async () => {
    await services.close();
    await removeDataDir(dataDir);
  });

  it('mounts every route of the contract once, and nothing else', () => {
    const router = createApiRouter({ services, scimUrl: () => '', publicScimUrl: () => null });
    const mounted = mountedRoutes((router as unknown as { stack: Layer[] }).stack);
    expect(mounted.length).toBeGreaterThan(40);
    expect(new Set(mounted).size).toBe(mounted.length);
    expect([...mounted].sort()).toEqual([...API_ENDPOINTS].sort());
  });
});
