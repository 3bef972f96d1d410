/**
 * The organizational unit tree (docs/clumio.md#organizational-units): every OU descends from the Global OU.
 * Operations are pure: they take the current list and return the new list, or a typed error whose message can
 * be shown to an admin as is. Storage and id generation belong to the caller.
 */
import type { Rule } from './rule.js';
import { GLOBAL_OU_ID } from './well-known-ids.js';

export interface OrganizationalUnit {
  readonly id: string;
  readonly name: string;
  /** null only for the Global OU. */
  readonly parent_id: string | null;
  readonly description: string;
}

export { GLOBAL_OU_ID };
export const GLOBAL_OU_NAME = 'Global Organizational Unit';

export const GLOBAL_OU: OrganizationalUnit = Object.freeze({
  id: GLOBAL_OU_ID,
  name: GLOBAL_OU_NAME,
  parent_id: null,
  description: 'Includes all assets; every other organizational unit is a child of it.',
});

const MAX_NAME_LENGTH = 255;

/** "Until organizational units are configured, you only have a Global organizational unit." */
export function initialOrganizationalUnits(): OrganizationalUnit[] {
  return [GLOBAL_OU];
}

export type OrganizationalUnitErrorCode =
  | 'invalid-name'
  | 'duplicate-name'
  | 'duplicate-id'
  | 'unknown-ou'
  | 'unknown-parent'
  | 'global-ou-fixed'
  | 'cycle'
  | 'has-children'
  | 'used-by-rules';

export interface OrganizationalUnitError {
  readonly code: OrganizationalUnitErrorCode;
  readonly message: string;
  /** For `used-by-rules`: the rules that name the OU. */
  readonly rule_ids?: readonly string[];
  /** For `has-children`: the direct children. */
  readonly child_ids?: readonly string[];
}

export type OrganizationalUnitResult =
  | { readonly ok: true; readonly units: OrganizationalUnit[]; readonly unit: OrganizationalUnit }
  | { readonly ok: false; readonly error: OrganizationalUnitError };

export interface NewOrganizationalUnit {
  /** Chosen by the caller (e.g. crypto.randomUUID()), which keeps this module deterministic. */
  readonly id: string;
  readonly name: string;
  /** Defaults to the Global OU. */
  readonly parent_id?: string | null;
  readonly description?: string;
}

export interface OrganizationalUnitChanges {
  readonly name?: string;
  readonly parent_id?: string;
  readonly description?: string;
}

function fail(code: OrganizationalUnitErrorCode, message: string, extra: Partial<OrganizationalUnitError> = {}) {
  return { ok: false, error: { code, message, ...extra } } as const;
}

function findUnit(units: readonly OrganizationalUnit[], id: string): OrganizationalUnit | undefined {
  return units.find((unit) => unit.id === id);
}

function checkName(units: readonly OrganizationalUnit[], name: string, selfId: string | undefined) {
  const trimmed = name.trim();
  if (trimmed === '') return fail('invalid-name', 'An organizational unit needs a name.');
  if (trimmed.length > MAX_NAME_LENGTH) {
    return fail('invalid-name', `An organizational unit name can have at most ${MAX_NAME_LENGTH} characters.`);
  }
  const key = trimmed.toLowerCase();
  const clash = units.find((unit) => unit.id !== selfId && unit.name.trim().toLowerCase() === key);
  if (clash) return fail('duplicate-name', `An organizational unit named "${clash.name}" already exists.`);
  return undefined;
}

export function createOrganizationalUnit(
  units: readonly OrganizationalUnit[],
  input: NewOrganizationalUnit,
): OrganizationalUnitResult {
  if (findUnit(units, input.id))
    return fail('duplicate-id', `An organizational unit with id "${input.id}" already exists.`);
  const nameError = checkName(units, input.name, undefined);
  if (nameError) return nameError;
  const parentId = input.parent_id ?? GLOBAL_OU_ID;
  if (!findUnit(units, parentId))
    return fail('unknown-parent', `The parent organizational unit "${parentId}" does not exist.`);
  const unit: OrganizationalUnit = {
    id: input.id,
    name: input.name.trim(),
    parent_id: parentId,
    description: input.description ?? '',
  };
  return { ok: true, units: [...units, unit], unit };
}

/** Rename, describe and move in one validated step (what `PUT /api/organizational-units/:id` needs). */
export function updateOrganizationalUnit(
  units: readonly OrganizationalUnit[],
  id: string,
  changes: OrganizationalUnitChanges,
): OrganizationalUnitResult {
  const current = findUnit(units, id);
  if (!current) return fail('unknown-ou', `The organizational unit "${id}" does not exist.`);
  const renames = changes.name !== undefined && changes.name.trim() !== current.name;
  const moves = changes.parent_id !== undefined && changes.parent_id !== current.parent_id;
  if (id === GLOBAL_OU_ID && (renames || moves)) {
    // Rules, the guard's messages and Clumio itself refer to it by this name and position.
    return fail('global-ou-fixed', `The ${GLOBAL_OU_NAME} cannot be renamed or moved.`);
  }
  if (changes.name !== undefined) {
    const nameError = checkName(units, changes.name, id);
    if (nameError) return nameError;
  }
  if (moves && changes.parent_id !== undefined) {
    const parentId = changes.parent_id;
    if (!findUnit(units, parentId))
      return fail('unknown-parent', `The parent organizational unit "${parentId}" does not exist.`);
    if (parentId === id || descendants(units, id).includes(parentId)) {
      const parent = findUnit(units, parentId);
      return fail(
        'cycle',
        `"${current.name}" cannot be moved under "${parent?.name ?? parentId}", which is ${parentId === id ? 'itself' : 'one of its own descendants'}.`,
      );
    }
  }
  const unit: OrganizationalUnit = {
    ...current,
    ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
    ...(moves && changes.parent_id !== undefined ? { parent_id: changes.parent_id } : {}),
  };
  return { ok: true, units: units.map((u) => (u.id === id ? unit : u)), unit };
}

export function renameOrganizationalUnit(
  units: readonly OrganizationalUnit[],
  id: string,
  name: string,
): OrganizationalUnitResult {
  return updateOrganizationalUnit(units, id, { name });
}

export function moveOrganizationalUnit(
  units: readonly OrganizationalUnit[],
  id: string,
  parentId: string,
): OrganizationalUnitResult {
  return updateOrganizationalUnit(units, id, { parent_id: parentId });
}

/**
 * Deletes a leaf OU. An OU with children is refused rather than deleted recursively or re-parented: either
 * silently changes what other OUs mean, and the admin can move or delete the children first. An OU that a
 * rule names is refused too (the error names the rules), because the rule would point at nothing.
 */
export function deleteOrganizationalUnit(
  units: readonly OrganizationalUnit[],
  id: string,
  rules: readonly Rule[],
): OrganizationalUnitResult {
  const unit = findUnit(units, id);
  if (!unit) return fail('unknown-ou', `The organizational unit "${id}" does not exist.`);
  if (id === GLOBAL_OU_ID) return fail('global-ou-fixed', `The ${GLOBAL_OU_NAME} cannot be deleted.`);
  const children = units.filter((u) => u.parent_id === id);
  if (children.length > 0) {
    return fail(
      'has-children',
      `"${unit.name}" has child organizational units (${children.map((c) => `"${c.name}"`).join(', ')}); move or delete them first.`,
      { child_ids: children.map((c) => c.id) },
    );
  }
  const users = rules.filter((rule) => rule.provision.organizational_unit_ids.includes(id));
  if (users.length > 0) {
    const names = users.map((rule) => `'${rule.name}'`).join(', ');
    return fail(
      'used-by-rules',
      `"${unit.name}" is used by ${users.length === 1 ? 'rule' : 'rules'} ${names}; change or delete ${users.length === 1 ? 'that rule' : 'those rules'} first.`,
      { rule_ids: users.map((rule) => rule.rule_id) },
    );
  }
  return { ok: true, units: units.filter((u) => u.id !== id), unit };
}

/** Ids of every OU below `id` (children, grandchildren, ...), breadth first; not `id` itself. */
export function descendants(units: readonly OrganizationalUnit[], id: string): string[] {
  const childrenOf = new Map<string, string[]>();
  for (const unit of units) {
    if (unit.parent_id === null) continue;
    const list = childrenOf.get(unit.parent_id);
    if (list) list.push(unit.id);
    else childrenOf.set(unit.parent_id, [unit.id]);
  }
  const result: string[] = [];
  const seen = new Set<string>([id]);
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    for (const child of childrenOf.get(queue[i]!) ?? []) {
      if (seen.has(child)) continue; // defensive: a stored tree with a cycle must not loop forever
      seen.add(child);
      result.push(child);
      queue.push(child);
    }
  }
  return result;
}

/** The display name of an OU id, or the id in quotes when unknown (for messages). */
export function organizationalUnitName(units: readonly OrganizationalUnit[], id: string): string {
  return findUnit(units, id)?.name ?? `unknown organizational unit "${id}"`;
}
