/**
 * Copies the account's rules into SCIM Desk's own rule set, so the admin can rehearse and edit them in the
 * local editor against SCIM Desk's endpoint. Rules name OUs by id, so the account's OUs that SCIM Desk does
 * not have are created first with the account's own ids (parents before children); a rule whose role SCIM
 * Desk does not know under that id is refused, naming it, before anything is written. The rules themselves
 * go through the local rules service's import, so its validation, its guard and its activity lines apply.
 */
import { logAdminChange } from '../activity/admin-changes.js';
import type { ActivitySink } from '../activity/types.js';
import { RuleChangeError } from '../access/rule-change-error.js';
import type { RulesService } from '../access/rules-service.js';
import { organizationalUnits, putOrganizationalUnitOp } from '../access/stored-config.js';
import { createOrganizationalUnit, type OrganizationalUnit } from '../rules/organizational-units.js';
import type { Role } from '../rules/roles.js';
import { exportRules, planImport } from '../rules/wire-format.js';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import { writeDocs } from '../store/doc-ops.js';
import type { AccountSide } from './account-facts.js';
import type { ImportedFromClumio } from './account-types.js';

export interface LocalTarget {
  store: DirectoryStore;
  documents: DocumentReader;
  rules: RulesService;
  roles: readonly Role[];
  activity: ActivitySink;
}

/** The account's OUs SCIM Desk lacks, parents first, each checked against the local tree as it grows. */
function unitsToCreate(
  local: readonly OrganizationalUnit[],
  account: readonly OrganizationalUnit[],
): { units: OrganizationalUnit[]; created: OrganizationalUnit[] } {
  let units = [...local];
  const created: OrganizationalUnit[] = [];
  let pending = account.filter((unit) => unit.parent_id !== null && !local.some((l) => l.id === unit.id));
  while (pending.length > 0) {
    const ready = pending.filter((unit) => units.some((u) => u.id === unit.parent_id));
    if (ready.length === 0) break; // a parent the account does not list: the rules check below names what is missing
    for (const unit of ready) {
      const result = createOrganizationalUnit(units, {
        id: unit.id,
        name: unit.name,
        parent_id: unit.parent_id,
        description: unit.description,
      });
      if (!result.ok) {
        throw new RuleChangeError({
          kind: 'invalid-file',
          message: `The Clumio account's organizational unit "${unit.name}" cannot be copied: ${result.error.message} Rename or remove SCIM Desk's own first.`,
        });
      }
      units = result.units;
      created.push(result.unit);
    }
    pending = pending.filter((unit) => !ready.includes(unit));
  }
  return { units, created };
}

export async function copyRulesToLocal(account: AccountSide, local: LocalTarget): Promise<ImportedFromClumio> {
  const document = exportRules(account.rules);
  const { units, created } = unitsToCreate(organizationalUnits(local.documents), account.units);
  // Checked against the tree as it will be, before anything is written.
  const checked = planImport(local.rules.current(), document, { roles: local.roles, organizationalUnits: units });
  if (!checked.ok) throw new RuleChangeError({ kind: 'invalid-rules', errors: checked.errors });
  if (created.length > 0) {
    await writeDocs(local.store, created.map(putOrganizationalUnitOp));
    for (const unit of created) {
      logAdminChange(
        local.activity,
        'organizational_unit.created',
        `Organizational unit "${unit.name}" created (copied from the Clumio account).`,
        {
          type: 'OrganizationalUnit',
          id: unit.id,
          name: unit.name,
        },
      );
    }
  }
  const result = await local.rules.import(document, false);
  return { organizational_units_created: created.map((unit) => unit.name), result };
}
