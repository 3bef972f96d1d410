import { API_ROUTES, type ItemList, type OrganizationalUnit, type Role } from '../../admin/contract.js';
import type { AdminClient } from '../admin-client.js';

/** Role and OU names for the CLI's sentences (the API speaks in ids, like Clumio's). */
export interface AdminNames {
  role(id: string): string;
  ou(id: string): string;
}

export async function fetchAdminNames(client: AdminClient): Promise<AdminNames> {
  const [roles, units] = await Promise.all([
    client.call<ItemList<Role>>('GET', API_ROUTES.roles),
    client.call<ItemList<OrganizationalUnit>>('GET', API_ROUTES.organizationalUnits),
  ]);
  const roleNames = new Map(roles.items.map((r) => [r.id, r.name]));
  const ouNames = new Map(units.items.map((u) => [u.id, u.name]));
  return {
    role: (id) => roleNames.get(id) ?? `role ${id}`,
    ou: (id) => ouNames.get(id) ?? `OU ${id}`,
  };
}

/** "via rule 'A' through group "G"" for each reason. */
export function describeReasons(
  reasons: readonly { name: string; via_groups: readonly string[]; via_group: string }[],
): string {
  return reasons
    .map((r) => {
      const groups = r.via_groups.length > 0 ? r.via_groups : [r.via_group];
      return `via rule '${r.name}' through ${groups.length === 1 ? 'group' : 'groups'} ${groups.map((g) => `"${g}"`).join(', ')}`;
    })
    .join(' and ');
}
