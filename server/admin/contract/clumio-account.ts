/**
 * The admin's real Clumio account (`/api/clumio/*`), read through the connection and the shared snapshot.
 *
 * - `GET /api/clumio/rules`, `/roles`, `/organizational-units` → the account's own, with `read_at`.
 * - `POST /api/clumio/rules/plan` {@link ClumioRulesRequest} (the whole desired set) → {@link ClumioRulesPlan}:
 *   the exact calls, the preview on Okta's real data (with `drift`), the guard. Invalid rules: 400
 *   `invalid_rule` (checked against the account's roles and OUs, fields prefixed `rules[i].`).
 * - `POST /api/clumio/rules/apply` (same body) → 200 {@link ClumioRulesApplied}; 409 `guard_refused` with no
 *   call made; 502 `apply_incomplete` ({@link ClumioApplyIncomplete}) when a call failed part way.
 * - `GET, PUT /api/clumio/auto-user-provisioning` {@link ClumioAutoUserProvisioningSetting}; enabling is
 *   guarded the same way (409 `guard_refused`, no call made).
 * - `GET /api/clumio/status` → {@link ClumioAccountStatus} (the lock-out alarm), answered without a request.
 * - `POST /api/clumio/rules/import-to-local` → {@link ImportedFromClumio}: the account's rules become SCIM
 *   Desk's own (its OUs created first, with the account's ids).
 * - `GET /api/rules/export/check` → {@link RulesExportCheck}: ids of the local export only SCIM Desk knows.
 * A read of a service that fails: 502 `tenant_unavailable`; without a connection: 409 `not_connected`.
 */
export type {
  ClumioAccountList,
  ClumioAccountOrganizationalUnit,
  ClumioAccountRole,
  ClumioAccountStatus,
  ClumioAppliedCall,
  ClumioApplyIncomplete,
  ClumioAutoUserProvisioningSetting,
  ClumioPlanGuard,
  ClumioPlannedCall,
  ClumioRulesApplied,
  ClumioRulesPlan,
  ClumioRulesRequest,
  ExportIdWarning,
  ImportedFromClumio,
  RealAccountLockout,
  RulesExportCheck,
} from '../../clumio-account/account-types.js';
