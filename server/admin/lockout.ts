/**
 * Enforces the lockout guard (DESIGN §3) on every admin write that could take Super Admin on the Global OU
 * away from the current admin: rule create/edit/delete, import, enabling, and changing the current admin.
 * While auto user provisioning is off every change is allowed (the guard only speaks when it is on or being
 * turned on). A refusal is logged as a failed admin change and answered 409 `guard_refused`.
 */
import { generalSettings, autoUserProvisioningEnabled } from '../access/stored-config.js';
import type { AdminServices } from './admin-services.js';
import { checkLockoutGuard, type LockoutGuardResult } from '../rules/guard.js';
import type { Rule } from '../rules/rule.js';
import { logAdminChange, type AdminResource } from '../activity/admin-changes.js';
import { RuleNames, toGuardRefusal } from './access-shapes.js';
import { AdminError } from './admin-error.js';

export interface ProposedChange {
  /** The complete rule set after the change (default: unchanged). */
  rules?: readonly Rule[];
  /** The current admin after the change (default: unchanged). */
  currentAdmin?: string | null;
  /** Turning auto user provisioning on (checked as "enable", not as a change). */
  enabling?: boolean;
}

export interface Attempt {
  action: string;
  resource: AdminResource | null;
}

/** What the guard says about a change, enforced or not (previews show it even while disabled). */
export function guardVerdict(services: AdminServices, change: ProposedChange): LockoutGuardResult {
  const { access, store } = services;
  const previousAdmin = generalSettings(store).current_admin;
  return checkLockoutGuard({
    enabled: true,
    currentAdmin: change.currentAdmin === undefined ? previousAdmin : change.currentAdmin,
    rules: change.rules ?? access.rules,
    users: access.index,
    roles: access.roles,
    ...(change.enabling ? {} : { previousRules: access.rules, previousAdmin }),
  });
}

/** Throws 409 guard_refused (and logs the refusal) when the change is refused while the guard is enforced. */
export function enforceLockoutGuard(services: AdminServices, change: ProposedChange, attempt: Attempt): void {
  if (!change.enabling && !autoUserProvisioningEnabled(services.store)) return;
  const result = guardVerdict(services, change);
  if (result.ok) return;
  const admin = change.currentAdmin === undefined ? generalSettings(services.store).current_admin : change.currentAdmin;
  const refusal = toGuardRefusal(result, new RuleNames(change.rules ?? [], services.access.rules), admin);
  logAdminChange(services.activity, attempt.action, `Refused: ${refusal.message}`, attempt.resource, 'refused', result.rule_ids);
  throw new AdminError({ code: 'guard_refused', message: refusal.message, details: refusal });
}
