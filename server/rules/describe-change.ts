/**
 * Access changes in words, for the activity log and the CLI:
 *   alice@example.com gained Backup Admin on OU Finance via rule 'Backup team' through group "Backup Team"
 */
import type { Access, AccessChange, RuleGrant } from './access.js';

export type NameOf = (id: string) => string;

function quoteGroups(groups: readonly string[]): string {
  const quoted = groups.map((g) => `"${g}"`);
  if (quoted.length === 1) return `group ${quoted[0]}`;
  return `groups ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

function viaRule(grant: RuleGrant): string {
  return `rule '${grant.name}' through ${quoteGroups(grant.via_groups.length > 0 ? grant.via_groups : [grant.via_group])}`;
}

/** "via rule 'A' through group "G"" or "via rule 'A' through group "G" and rule 'B' through group "H"". */
export function describeGrants(grants: readonly RuleGrant[]): string {
  return `via ${grants.map(viaRule).join(' and ')}`;
}

/**
 * One phrase per OU touched by the change: "gained X on OU Y via ...", "lost X on OU Y (had it via ...)",
 * or, when the role on an OU was replaced, "changed from X to Z on OU Y via ...".
 */
export function describeChangeItems(change: AccessChange, roleName: NameOf, ouName: NameOf): string[] {
  const lostByOu = new Map<string, Access>(change.lost.map((a) => [a.organizational_unit_id, a]));
  const items: string[] = [];
  for (const gained of change.gained) {
    const ou = `OU ${ouName(gained.organizational_unit_id)}`;
    const replaced = lostByOu.get(gained.organizational_unit_id);
    if (replaced) {
      lostByOu.delete(gained.organizational_unit_id);
      items.push(
        `changed from ${roleName(replaced.role_id)} to ${roleName(gained.role_id)} on ${ou} ${describeGrants(gained.rules)}`,
      );
    } else {
      items.push(`gained ${roleName(gained.role_id)} on ${ou} ${describeGrants(gained.rules)}`);
    }
  }
  for (const lost of lostByOu.values()) {
    items.push(
      `lost ${roleName(lost.role_id)} on OU ${ouName(lost.organizational_unit_id)} (had it ${describeGrants(lost.rules)})`,
    );
  }
  return items;
}

/** The whole change as one sentence, starting with the userName. */
export function describeChange(change: AccessChange, roleName: NameOf, ouName: NameOf): string {
  return `${change.userName} ${describeChangeItems(change, roleName, ouName).join('; ')}`;
}
