/**
 * The admin's real Clumio account as a second rules target beside SCIM Desk's own: its rules, roles and OUs
 * read from the shared tenant snapshot; plans previewed and guarded on Okta's real data; applies that make
 * only the calls they must (the account's rules and setting read again first and after, nothing else); the
 * auto user provisioning switch, guarded the same way; the lock-out alarm; and the bridges to the local rule
 * set (copying the account's rules in, checking a local export's ids against the account).
 */
import { adminChange, logAdminChange } from '../activity/admin-changes.js';
import type { ActivitySink } from '../activity/types.js';
import type { Rule } from '../access/access-types.js';
import type { Rule as EngineRule } from '../rules/rule.js';
import { guardRefusal, guardVerdict } from '../access/lockout-guard.js';
import { RuleChangeError } from '../access/rule-change-error.js';
import type { RulesService } from '../access/rules-service.js';
import { organizationalUnits } from '../access/stored-config.js';
import {
  ConnectionError,
  fromTenantError,
  invalidConnection,
  notConnected,
  unavailable,
} from '../connections/connection-error.js';
import type { ConnectionsService } from '../connections/connections-service.js';
import type { TenantSnapshots } from '../connections/tenant-snapshots.js';
import type { Role } from '../rules/roles.js';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import type { ClumioClient } from '../tenants/clumio/clumio-client.js';
import { rereadRulesAndSetting } from '../tenants/facts/read-clumio-facts.js';
import type { TenantSnapshot } from '../tenants/facts/tenant-snapshot.js';
import { isTenantApiError } from '../tenants/tenant-error.js';
import { isRecord } from '../util/is-record.js';
import { accountFacts, accountSide, adminUserName, type AccountSide } from './account-facts.js';
import type {
  ClumioAccountList,
  ClumioAccountOrganizationalUnit,
  ClumioAccountRole,
  ClumioAccountStatus,
  ClumioAutoUserProvisioningSetting,
  ClumioRulesApplied,
  ClumioRulesPlan,
  ImportedFromClumio,
  RulesExportCheck,
} from './account-types.js';
import { applySteps } from './apply-rules.js';
import { checkExport } from './export-check.js';
import { copyRulesToLocal } from './local-copy.js';
import { realAccountLockout } from './lockout-alarm.js';
import { planRules } from './rules-plan.js';

export interface ClumioAccountServiceOptions {
  connections: ConnectionsService;
  snapshots: TenantSnapshots;
  activity: ActivitySink;
  /** The settings' current admin: the admin's own Okta login. */
  adminLogin: () => string | null;
  /** SCIM Desk's own rules, roles and store (copying the account's rules in, checking an export). */
  local: { store: DirectoryStore; documents: DocumentReader; rules: RulesService; roles: readonly Role[] };
}

const AUTO_USER_PROVISIONING = {
  type: 'Setting' as const,
  id: 'clumio.auto-user-provisioning',
  name: 'Clumio auto user provisioning',
};

function toRule(rule: EngineRule): Rule {
  return {
    ...rule,
    provision: { ...rule.provision, organizational_unit_ids: [...rule.provision.organizational_unit_ids] },
  };
}

export class ClumioAccountService {
  constructor(private readonly options: ClumioAccountServiceOptions) {}

  // ---- reads (from the snapshot; read first when there is none) ----

  async rules(): Promise<ClumioAccountList<Rule>> {
    const { side, snapshot } = await this.side();
    return {
      items: [...side.rules].map(toRule).sort((a, b) => a.name.localeCompare(b.name)),
      read_at: side.clumio.rules.ok ? side.clumio.rules.evidence.at : snapshot.readAt,
    };
  }

  async roles(): Promise<ClumioAccountList<ClumioAccountRole>> {
    const { side, snapshot } = await this.side();
    const order = side.roles.map((r) => r.id);
    const items = [...side.clumioRoles]
      .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
      .map((role) => ({ id: role.id, name: role.name, description: role.description, user_count: role.userCount }));
    return { items, read_at: snapshot.readAt };
  }

  async organizationalUnits(): Promise<ClumioAccountList<ClumioAccountOrganizationalUnit>> {
    const { side, snapshot } = await this.side();
    const items = side.clumioUnits.map((unit) => ({
      id: unit.id,
      name: unit.name,
      parent_id: unit.parentId,
      description: unit.description,
    }));
    return { items, read_at: snapshot.readAt };
  }

  async autoUserProvisioning(): Promise<ClumioAutoUserProvisioningSetting> {
    const { side } = await this.side();
    return { is_enabled: side.autoUserProvisioning };
  }

  /** From the latest snapshot only: the console asks often, and this never calls either service. */
  status(): ClumioAccountStatus {
    const { connections, snapshots } = this.options;
    const okta = connections.oktaConnection();
    const snapshot = snapshots.current();
    const login = this.options.adminLogin();
    const status: ClumioAccountStatus = {
      okta_connected: okta !== null,
      okta_app_picked: okta !== null && okta.app !== null,
      clumio_connected: connections.clumioConnection() !== null,
      read_at: snapshot?.readAt ?? null,
      reading: snapshots.reading(),
      auto_user_provisioning: snapshot?.clumio?.autoUserProvisioning.ok
        ? snapshot.clumio.autoUserProvisioning.value.isEnabled
        : null,
      admin: null,
      lockout: null,
    };
    if (!snapshot) return status;
    if (login !== null && snapshot.clumio) {
      const clumioAdmin = snapshot.clumioAdmin?.ok ? snapshot.clumioAdmin.value : null;
      status.admin = {
        okta_login: login,
        user_name: adminUserName(snapshot.okta, login),
        clumio_user_id: clumioAdmin?.user?.id ?? null,
        super_admin_on_global: clumioAdmin ? (clumioAdmin.user ? clumioAdmin.superAdminOnGlobal : false) : null,
      };
    }
    try {
      status.lockout = realAccountLockout(accountFacts(snapshot, login), snapshot, login);
    } catch (error) {
      // Not connected, or a read failed: the alarm cannot tell, and the connections' status says why.
      if (!(error instanceof ConnectionError)) throw error;
    }
    return status;
  }

  // ---- plans and changes ----

  async plan(body: unknown): Promise<ClumioRulesPlan> {
    const document = this.desiredSet(body);
    const snapshot = await this.options.snapshots.get();
    const plan = planRules(accountFacts(snapshot, this.options.adminLogin()), document);
    return { calls: plan.steps.map((step) => step.call), preview: plan.preview, guard: plan.guard };
  }

  /**
   * Makes the account's rules the desired set: the rules and the setting are read again (the plan targets
   * rule ids), the guard decides on that, the calls are made in the plan's order, and the rules are read
   * once more so the next plan starts from what Clumio now holds.
   */
  async apply(body: unknown): Promise<ClumioRulesApplied> {
    const document = this.desiredSet(body);
    const { client, snapshot } = await this.fresh();
    const plan = planRules(accountFacts(snapshot, this.options.adminLogin()), document);
    if (plan.refusal) {
      this.options.activity.append(
        adminChange(
          'clumio.rules.apply',
          `Refused: ${plan.refusal.message}`,
          null,
          'refused',
          plan.refusal.rules.flatMap((r) => (r.rule_id ? [r.rule_id] : [])),
        ),
      );
      throw new RuleChangeError({ kind: 'guard-refused', refusal: plan.refusal });
    }
    try {
      return { calls: await applySteps(client, plan.steps, this.options.activity) };
    } finally {
      if (plan.steps.length > 0) await this.fresh().catch(() => this.options.snapshots.forget()); // the next plan then reads everything again
    }
  }

  /** Turns auto user provisioning on (guarded: the admin keeps Super Admin on the Global OU) or off. */
  async setAutoUserProvisioning(body: unknown): Promise<ClumioAutoUserProvisioningSetting> {
    if (!isRecord(body) || typeof body.is_enabled !== 'boolean' || Object.keys(body).length !== 1) {
      throw invalidConnection('The body must be {"is_enabled": true} or {"is_enabled": false}.', [
        { field: 'is_enabled', message: 'must be a boolean' },
      ]);
    }
    const enable = body.is_enabled;
    const { client, snapshot } = await this.fresh();
    const side = accountSide(snapshot);
    if (side.autoUserProvisioning === enable) return { is_enabled: enable };
    const action = enable ? 'clumio.auto_user_provisioning.enabled' : 'clumio.auto_user_provisioning.disabled';
    if (enable) {
      const { facts } = accountFacts(snapshot, this.options.adminLogin());
      const verdict = guardVerdict(facts, { enabling: true });
      if (!verdict.ok) {
        const refusal = guardRefusal(facts, { enabling: true }, verdict);
        logAdminChange(
          this.options.activity,
          action,
          `Refused: ${refusal.message}`,
          AUTO_USER_PROVISIONING,
          'refused',
          verdict.rule_ids,
        );
        throw new RuleChangeError({ kind: 'guard-refused', refusal });
      }
    }
    try {
      const answer = await client.setAutoUserProvisioning(enable);
      logAdminChange(
        this.options.activity,
        action,
        `Clumio account: auto user provisioning ${enable ? 'enabled' : 'disabled'} (${answer.call.method} ${answer.call.path} answered ${answer.call.status}).`,
        AUTO_USER_PROVISIONING,
      );
      return { is_enabled: answer.value.isEnabled };
    } catch (error) {
      if (!isTenantApiError(error)) throw error;
      const failed = fromTenantError('unavailable', error, client.clock.now());
      logAdminChange(
        this.options.activity,
        action,
        `Clumio account: auto user provisioning not ${enable ? 'enabled' : 'disabled'}: ${failed.message}`,
        AUTO_USER_PROVISIONING,
        'refused',
      );
      throw failed;
    } finally {
      await this.fresh().catch(() => this.options.snapshots.forget());
    }
  }

  /** Replaces SCIM Desk's own rule set with the account's (its OUs copied first, with their ids). */
  async copyToLocal(): Promise<ImportedFromClumio> {
    const { side } = await this.side();
    return copyRulesToLocal(side, { ...this.options.local, activity: this.options.activity });
  }

  /** The ids of the local rule set the account does not know (checked against the account when connected). */
  async checkLocalExport(): Promise<RulesExportCheck> {
    const { local } = this.options;
    let side: AccountSide | null = null;
    if (this.options.connections.clumioConnection()) side = (await this.side()).side;
    return checkExport(
      local.rules.current(),
      { roles: local.roles, units: organizationalUnits(local.documents) },
      side,
    );
  }

  // ---- the parts every call shares ----

  private async side(): Promise<{ side: AccountSide; snapshot: TenantSnapshot }> {
    if (!this.options.connections.clumioConnection())
      throw notConnected('The Clumio account is not connected: connect it first (its API base URL and an API token).');
    const snapshot = await this.options.snapshots.get();
    return { side: accountSide(snapshot), snapshot };
  }

  /** The snapshot with the account's rules and setting read again (two requests), kept as the snapshot. */
  private async fresh(): Promise<{ client: ClumioClient; snapshot: TenantSnapshot }> {
    const client = await this.options.connections.clumioClient();
    if (!client)
      throw notConnected('The Clumio account is not connected: connect it first (its API base URL and an API token).');
    const snapshot = await this.options.snapshots.get();
    if (!snapshot.clumio)
      throw notConnected('The Clumio account is not connected: connect it first (its API base URL and an API token).');
    const clumio = await rereadRulesAndSetting(client, snapshot.clumio);
    if (!clumio.rules.ok) throw unavailable(clumio.rules);
    if (!clumio.autoUserProvisioning.ok) throw unavailable(clumio.autoUserProvisioning);
    const updated = { ...snapshot, clumio };
    this.options.snapshots.update((current) => ({ ...current, clumio }));
    return { client, snapshot: updated };
  }

  private desiredSet(body: unknown): { rules: unknown[] } {
    if (!isRecord(body) || !Array.isArray(body.rules)) {
      throw invalidConnection(
        'The body must be {"rules": [...]}: the complete desired rule set, in Clumio\'s wire format.',
        [{ field: 'rules', message: 'must be a list of rules' }],
      );
    }
    return { rules: body.rules };
  }
}
