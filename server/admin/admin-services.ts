import type { AccessService } from '../access/access-service.js';
import type { RulesService } from '../access/rules-service.js';
import type { ClumioAccountService } from '../clumio-account/account-service.js';
import type { ConnectionsService } from '../connections/connections-service.js';
import type { TenantSnapshots } from '../connections/tenant-snapshots.js';
import type { ActivityLog } from '../activity/activity-log.js';
import type { TokenService } from '../auth/token-service.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { SetupServices } from '../setup/gather-facts.js';
import type { DirectoryStore } from '../store/directory-store.js';
import type { DocumentCache } from '../store/document-cache.js';

/** What the admin API works on: one data folder's services, wired by server/core (services.ts). */
export interface AdminServices extends SetupServices {
  dataDir: string;
  /** The directory and every stored document, through the asynchronous store contract. */
  store: DirectoryStore;
  /** The admin documents (rules, settings, tokens, webhooks, …) as this node keeps them, read synchronously. */
  documents: DocumentCache;
  tokens: TokenService;
  activity: ActivityLog;
  /** Who has which access under the rules, kept in step with every commit. */
  access: AccessService;
  /** Rule changes, previews and auto user provisioning, guarded and logged: the one place they happen. */
  rules: RulesService;
  /** The data folder's key for webhook secrets and API tokens (created on first use). */
  secrets(): Promise<SecretBox>;
  /** The connections to the admin's Okta org and Clumio account (tokens sealed). */
  connections: ConnectionsService;
  /** The one snapshot of both services, with evidence per item: what the checklist and the rules read. */
  tenants: TenantSnapshots;
  /** The real Clumio account as a rules target: plans, applies, the auto user provisioning switch, the alarm. */
  clumioAccount: ClumioAccountService;
  startedAt: string;
  /** SCIM Desk's version (package.json). */
  version: string;
}
