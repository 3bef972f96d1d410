/**
 * The admin's real Clumio account as the admin API speaks of it: its rules, roles and OUs, a plan of the
 * exact calls that make its rules a desired set (with the preview on Okta's real data and the guard), what
 * an apply did, and the real-account lock-out alarm. Types only: the admin contract re-exports them.
 */
import type { GuardRefusal, RuleInput, RuleRef, RulesImportResult, RulesPreview } from '../access/access-types.js';

/** A list read from the account, with when it was read. */
export interface ClumioAccountList<T> {
  items: T[];
  read_at: string;
}

/** A role of the account (`GET /api/clumio/roles`), most privileged first. */
export interface ClumioAccountRole {
  id: string;
  name: string;
  description: string | null;
  user_count: number | null;
}

/** An OU of the account (`GET /api/clumio/organizational-units`); the Global OU has `parent_id: null`. */
export interface ClumioAccountOrganizationalUnit {
  id: string;
  name: string;
  parent_id: string | null;
  description: string | null;
}

/** `POST /api/clumio/rules/plan` and `/apply`: the complete desired rule set, in Clumio's wire format. */
export interface ClumioRulesRequest {
  rules: RuleInput[];
}

/** One call a plan would make, exactly as SCIM Desk sends it (the path is relative to the API base URL). */
export interface ClumioPlannedCall {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The rule sent (POST, PUT); null for DELETE. */
  body: RuleInput | null;
}

/** The guard's verdict on a plan: `ok` false means apply would answer 409 `guard_refused` and send nothing. */
export interface ClumioPlanGuard {
  ok: boolean;
  reason: string | null;
}

/**
 * `POST /api/clumio/rules/plan`: the calls in the order apply makes them (creates, then updates, then
 * deletes, a rule giving Super Admin on the Global OU created or kept before any is changed away or
 * deleted), who gains, loses or changes access on Okta's data (with the drift), and the guard.
 */
export interface ClumioRulesPlan {
  calls: ClumioPlannedCall[];
  preview: RulesPreview;
  guard: ClumioPlanGuard;
}

/** A call apply made, and Clumio's answer. */
export interface ClumioAppliedCall {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  status: number;
}

/** `POST /api/clumio/rules/apply` → 200: every planned call made and accepted (none when nothing differs). */
export interface ClumioRulesApplied {
  calls: ClumioAppliedCall[];
}

/**
 * The `details` of 502 `apply_incomplete`: a call failed, so apply stopped there. What was done stays done
 * (it is in the account and in Activity); what was not sent is listed; planning again gives the calls left.
 */
export interface ClumioApplyIncomplete {
  done: ClumioAppliedCall[];
  failed: ClumioPlannedCall & { status: number | null; message: string };
  not_sent: ClumioPlannedCall[];
}

/** `GET, PUT /api/clumio/auto-user-provisioning` (Clumio's own shape). */
export interface ClumioAutoUserProvisioningSetting {
  is_enabled: boolean;
}

/**
 * The lock-out alarm of the real account: Okta's data (a removal from the admin group, a deactivation, a push
 * mapping in ERROR) means the account's rules no longer give the admin Super Admin on the Global OU, so the
 * admin loses it in Clumio at Okta's next push (or has lost it already).
 */
export interface RealAccountLockout {
  reason: GuardRefusal['reason'];
  /** The guard's sentence on the account as it is. */
  message: string;
  /** What Okta says that leads there, one sentence each ("ada@example.com is DEPROVISIONED in Okta."). */
  causes: string[];
  /** The rules giving Super Admin on the Global OU. */
  rules: RuleRef[];
  current_admin: string | null;
  /** Clumio still shows the admin as Super Admin on the Global OU (null: the admin's Clumio user is unknown). */
  clumio_still_super_admin: boolean | null;
  /** When the facts were read. */
  read_at: string;
}

/** `GET /api/clumio/status`: answered from the latest read, without calling either service. */
export interface ClumioAccountStatus {
  okta_connected: boolean;
  /** An app is picked on the Okta connection. */
  okta_app_picked: boolean;
  clumio_connected: boolean;
  /** When the latest read ended; null before the first. */
  read_at: string | null;
  reading: boolean;
  auto_user_provisioning: boolean | null;
  /** The admin as the account knows them; null without an admin login set or a Clumio connection. */
  admin: {
    /** The settings' current admin (the admin's Okta login). */
    okta_login: string;
    /** The username Okta sends for the admin (what Clumio knows them by). */
    user_name: string | null;
    clumio_user_id: string | null;
    super_admin_on_global: boolean | null;
  } | null;
  /** null while nothing threatens the admin's Super Admin (or nothing can tell yet). */
  lockout: RealAccountLockout | null;
}

/** `POST /api/clumio/rules/import-to-local`: the account's rules copied into SCIM Desk's own rule set. */
export interface ImportedFromClumio {
  /** OUs of the account created locally first, with the account's ids (names). */
  organizational_units_created: string[];
  result: RulesImportResult;
}

/** A role or OU id in SCIM Desk's own rules that the Clumio account does not know. */
export interface ExportIdWarning {
  /** The rule's name. */
  rule: string;
  kind: 'role' | 'organizational_unit';
  id: string;
  /** Its name in SCIM Desk. */
  name: string | null;
  message: string;
}

/**
 * `GET /api/rules/export/check`: the ids of the local export that exist only locally. Checked against the
 * connected account's roles and OUs, or (without a Clumio connection) against the ids Clumio publishes.
 */
export interface RulesExportCheck {
  checked_against: 'clumio-account' | 'published-ids';
  warnings: ExportIdWarning[];
}
