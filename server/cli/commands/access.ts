import {
  API_ROUTES,
  apiPath,
  type AutoUserProvisioningSetting,
  type ItemList,
  type Page,
  type RuleListItem,
  type UserDetail,
  type UserListItem,
} from '../../admin/contract.js';
import { parseCommandArgs } from '../args.js';
import { CliError, usageError } from '../cli-error.js';
import { dataLocation, withAdminApi } from '../data-folder-access.js';
import { describeReasons, fetchAdminNames } from './admin-names.js';

export const ACCESS_HELP = `Usage:
  scim-desk access USERNAME [--data DIR] [--store URL] [--json]

Explains what the auto user provisioning rules give one user (userName, case-insensitive): each role on
each organizational unit with the rules and groups behind it, conflicts, or why there is no access
(deactivated, in no group, no rule matches their groups). While auto user provisioning is off, nothing is in
effect: each grant is marked as what the user would get once it is enabled ("in_effect": false in --json).
Works whether or not "scim-desk serve" runs on the data folder.`;

/** Why a user has no access, in words. */
function noAccessReason(detail: UserDetail, ruleCount: number): string {
  if (detail.user.active === false) return 'the user is deactivated (active=false), and inactive users get nothing';
  if (detail.groups.length === 0) return 'the user is in no group';
  if (ruleCount === 0) return 'there are no rules yet';
  const groups = detail.groups.map((g) => `"${g.displayName}"`).join(', ');
  return `none of the ${ruleCount} ${ruleCount === 1 ? 'rule matches' : 'rules match'} their ${detail.groups.length === 1 ? 'group' : 'groups'} ${groups}`;
}

export async function accessCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { data: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } },
    1,
  );
  if (values.help) {
    console.log(ACCESS_HELP);
    return 0;
  }
  const userName = positionals[0];
  if (!userName) throw usageError("access needs a USERNAME (the user's SCIM userName, e.g. alice@example.com)");

  const facts = await withAdminApi(dataLocation(values), 'access', async (client) => {
    const page = await client.call<Page<UserListItem>>(
      'GET',
      `${API_ROUTES.users}?q=${encodeURIComponent(userName)}&limit=500`,
    );
    const match = page.items.find((u) => u.userName.toLowerCase() === userName.toLowerCase());
    if (!match) throw new CliError(`no user with userName "${userName}" has been provisioned`);
    const [detail, setting, rules, names] = await Promise.all([
      client.call<UserDetail>('GET', apiPath(API_ROUTES.user, { id: match.id })),
      client.call<AutoUserProvisioningSetting>('GET', API_ROUTES.autoUserProvisioning),
      client.call<ItemList<RuleListItem>>('GET', API_ROUTES.rules),
      fetchAdminNames(client),
    ]);
    return { detail, enabled: setting.is_enabled, ruleCount: rules.items.length, names };
  });
  const { detail, enabled, ruleCount, names } = facts;
  const name = String(detail.user.userName);
  const reason = detail.access.length === 0 ? noAccessReason(detail, ruleCount) : null;

  if (values.json) {
    console.log(
      JSON.stringify({
        user: { id: detail.user.id, userName: name, active: detail.user.active !== false },
        groups: detail.groups,
        access: detail.access,
        conflicts: detail.conflicts,
        auto_user_provisioning: enabled,
        no_access_reason: reason,
      }),
    );
    return 0;
  }

  const state = detail.user.active === false ? 'deactivated' : 'active';
  console.log(
    `${name} (${state}) in ${detail.groups.length === 0 ? 'no groups' : detail.groups.map((g) => `"${g.displayName}"`).join(', ')}`,
  );
  if (!enabled)
    console.log(
      'Not in effect: auto user provisioning is off, so this is what the rules would give once it is enabled.',
    );
  if (reason !== null) {
    console.log(`No access: ${reason}.`);
    return 0;
  }
  for (const grant of detail.access) {
    console.log(
      `  ${names.role(grant.role_id)} on OU ${names.ou(grant.organizational_unit_id)}${grant.in_effect ? '' : ' (would get once enabled)'}`,
    );
    console.log(`    ${describeReasons(grant.rules)}`);
  }
  for (const conflict of detail.conflicts) {
    const others = conflict.candidates
      .filter((c) => c.role_id !== conflict.chosen_role_id)
      .map((c) => `${names.role(c.role_id)} (${c.rules.map((r) => `rule '${r.name}'`).join(', ')})`)
      .join(', ');
    console.log(
      `  conflict on OU ${names.ou(conflict.organizational_unit_id)}: ${names.role(conflict.chosen_role_id)} wins over ${others}`,
    );
  }
  return 0;
}
