/**
 * Roles and organizational units: small, needed on many pages to turn ids into names, loaded once and
 * reloaded after the OU page changes the tree.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { OrganizationalUnit, Role } from '../../../server/admin/contract';
import { get } from '../api/client';

export interface Lookups {
  roles: Role[];
  organizationalUnits: OrganizationalUnit[];
  roleName(id: string): string;
  ouName(id: string): string;
  reload(): void;
  error: unknown;
}

const LookupsContext = createContext<Lookups | null>(null);

export function LookupsProvider({ children }: { children: ReactNode }) {
  const [roles, setRoles] = useState<Role[]>([]);
  const [organizationalUnits, setOrganizationalUnits] = useState<OrganizationalUnit[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      get('GET /api/roles', { signal: controller.signal }),
      get('GET /api/organizational-units', { signal: controller.signal }),
    ]).then(
      ([roleList, ouList]) => {
        setRoles(roleList.items);
        setOrganizationalUnits(ouList.items);
        setError(undefined);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      },
    );
    return () => controller.abort();
  }, [generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const value = useMemo<Lookups>(() => {
    const roleById = new Map(roles.map((role) => [role.id, role.name]));
    const ouById = new Map(organizationalUnits.map((ou) => [ou.id, ou.name]));
    return {
      roles,
      organizationalUnits,
      roleName: (id) => roleById.get(id) ?? `Unknown role (${id})`,
      ouName: (id) => ouById.get(id) ?? `Unknown OU (${id})`,
      reload,
      error,
    };
  }, [roles, organizationalUnits, reload, error]);

  return <LookupsContext.Provider value={value}>{children}</LookupsContext.Provider>;
}

export function useLookups(): Lookups {
  const value = useContext(LookupsContext);
  if (!value) throw new Error('useLookups outside LookupsProvider');
  return value;
}

/** OUs in tree order with their depth (Global first), for pickers and the tree page. */
export function ouTree(units: readonly OrganizationalUnit[]): { unit: OrganizationalUnit; depth: number }[] {
  const children = new Map<string | null, OrganizationalUnit[]>();
  for (const unit of units) {
    const list = children.get(unit.parent_id) ?? [];
    list.push(unit);
    children.set(unit.parent_id, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  const out: { unit: OrganizationalUnit; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const unit of children.get(parent) ?? []) {
      if (seen.has(unit.id)) continue; // a cycle would be a server bug; never loop on it
      seen.add(unit.id);
      out.push({ unit, depth });
      walk(unit.id, depth + 1);
    }
  };
  walk(null, 0);
  // Orphans (parent unknown) still show, at the top level.
  for (const unit of units) if (!seen.has(unit.id)) out.push({ unit, depth: 0 });
  return out;
}
