/** docs/admin-api.md's route table lists every route the admin API mounts, and no other, so it cannot fall behind. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_ENDPOINTS } from '../../server/admin/contract.js';

const METHODS = 'GET|POST|PUT|PATCH|DELETE';
/** A route as the table writes it: one or more methods, then the path (a query string may follow). */
const ROUTE = new RegExp(`^((?:${METHODS})(?:, (?:${METHODS}))*) (/api/[^?\\s]*)(?:\\?\\S*)?$`);

/** The rows of the table under `## Routes`, up to the next heading. */
function routeRows(page: string): string[] {
  const lines = page.split('\n');
  const start = lines.indexOf('## Routes');
  if (start < 0) throw new Error('docs/admin-api.md has no "## Routes" section');
  const rows: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (line.startsWith('| `')) rows.push(line);
  }
  return rows;
}

/** Every `METHOD /api/path` the first cell of a row names; a code span there that is not a route is an error. */
function documentedRoutes(row: string): string[] {
  const firstCell = row.split(/(?<!\\)\|/)[1] ?? '';
  const routes: string[] = [];
  for (const [, span] of firstCell.matchAll(/`([^`]+)`/g)) {
    const match = ROUTE.exec(span!.replace(/\\\|/g, '|'));
    if (!match) throw new Error(`not a route in the first column: \`${span}\``);
    for (const method of match[1]!.split(', ')) routes.push(`${method} ${match[2]}`);
  }
  return routes;
}

describe('docs/admin-api.md', () => {
  const documented = routeRows(readFileSync('docs/admin-api.md', 'utf8')).flatMap(documentedRoutes);

  it('reads the route table (the parser finds its rows)', () => {
    expect(documented.length).toBeGreaterThan(40);
    expect(documented).toContain('GET /api/roles');
    expect(documented).toContain('POST /api/webhooks/:id/deliveries/:deliveryId/retry');
  });

  it('lists every route of the contract', () => {
    const missing = API_ENDPOINTS.filter((route) => !documented.includes(route));
    expect(missing, 'routes of API_ENDPOINTS missing from the table').toEqual([]);
  });

  it('lists no route the contract does not have, and none twice', () => {
    const known: readonly string[] = API_ENDPOINTS;
    expect(
      documented.filter((route) => !known.includes(route)),
      'routes in the table the API does not mount',
    ).toEqual([]);
    expect(
      documented.filter((route, i) => documented.indexOf(route) !== i),
      'routes listed twice',
    ).toEqual([]);
  });
});
