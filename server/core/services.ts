import { AccessService } from '../access/access-service.js';
import type { AdminServices } from '../admin/admin-services.js';
import { AdminLockoutWatch } from '../access/lockout-watch.js';
import { RulesService } from '../access/rules-service.js';
import { generalSettings } from '../access/stored-config.js';
import { storeRulesFacts, storeRulesSink } from '../access/store-target.js';
import { FailedAuthLimiter } from '../auth/failed-auth-limiter.js';
import { TokenService } from '../auth/token-service.js';
import { ActivityLog } from '../activity/activity-log.js';
import { ActivityQueue } from '../activity/activity-queue.js';
import { activityWindowFromEnv } from '../activity/window-override.js';
import { Directory } from '../directory/directory.js';
import { accessEvents } from '../events/access-events.js';
import { directoryEvents } from '../events/directory-events.js';
import { SecretBox } from '../secrets/secret-box.js';
import { ClumioAccountService } from '../clumio-account/account-service.js';
import { ConnectionsService, type TenantClientOptions } from '../connections/connections-service.js';
import { TenantSnapshots } from '../connections/tenant-snapshots.js';
import { systemClock } from '../time/clock.js';
import { ScimProtocol } from '../scim/protocol/handle.js';
import { DocumentCache } from '../store/document-cache.js';
import type { DirectoryStore } from '../store/directory-store.js';
import { EmbeddedDirectoryStore } from '../store/embedded/embedded-directory-store.js';
import { openStore } from '../store/index.js';
import { openPostgresStore, SharedEvidenceTable } from '../store/postgres/index.js';
import { startLeadership, type LeaderLockOptions } from '../leadership/postgres-leadership.js';
import { SharedWizardEvidence } from '../activity/shared-wizard-evidence.js';
import { alwaysLeading, type Leadership } from '../leadership/leadership.js';
import { VERSION } from './version.js';

/**
 * Everything one data folder's SCIM Desk is made of, wired once. The listeners (SCIM, admin, control
 * socket) and the CLI's offline commands all work on this same object; the admin API and the wizard see
 * the parts they declare (AdminServices, SetupServices).
 */
export interface Services extends AdminServices {
  /** Whether this node runs the once-per-deployment jobs now (always, on the embedded store). */
  leadership: Leadership;
  directory: Directory;
  limiter: FailedAuthLimiter;
  protocol: ScimProtocol;
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** The current time for directory timestamps and token expiry. Default: the system clock. */
  now?: () => Date;
  /** The clients of the admin's Okta org and Clumio account, and how often a running server reads them. */
  tenants?: TenantOptions;
  /** A PostgreSQL connection string: the directory lives there, shared with other nodes. Default: the
   * embedded store in the data folder. */
  store?: string;
  /** On PostgreSQL: how often a standby node tries to take the lead, and the leader checks it still has it. */
  leadership?: Pick<LeaderLockOptions, 'retryMs' | 'checkTimeoutMs' | 'sessionTimeoutMs'>;
  /**
   * Return before the access index has read the directory (`serve`): the SCIM endpoint answers at once, and
   * what needs the index (a write's follow-up, the admin API) waits for it (`access.ready()`). Default: the
   * index is complete when openServices returns (the CLI's commands read it right away).
   */
  accessIndexInBackground?: boolean;
}

export interface TenantOptions extends TenantClientOptions {
  /** Between two reads of the connected services while the server runs (default 5 minutes). */
  refreshEveryMs?: number;
}

export async function openServices(dataDir: string, options: ServicesOptions = {}): Promise<Services> {
  const now = options.now ?? (() => new Date());
  // Opened side by side: each one's file reads fill the other's waits (a 50,000-user start is ~15% faster).
  // The activity log keeps its last 1,000 entries in memory (1 MB of summaries and 2 MB of bodies, outside
  // the JS heap); older pages are read from the rotated files, and the wizard's evidence has its own file.
  // SCIM_DESK_ACTIVITY_WINDOW resizes it (window-override.ts).
  const onError = (message: string) => console.error(`scim-desk: ${message}`);
  const [opened, logged] = await Promise.allSettled([
    openDirectoryStore(dataDir, options.store, onError),
    ActivityLog.open(dataDir, { onError, ...activityWindowFromEnv(process.env.SCIM_DESK_ACTIVITY_WINDOW) }),
  ]);
  if (opened.status === 'rejected' || logged.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.close();
    if (logged.status === 'fulfilled') await logged.value.close();
    throw opened.status === 'rejected' ? opened.reason : (logged as PromiseRejectedResult).reason;
  }
  const store = opened.value;
  const activity = logged.value;
  // Lines derived from a commit (access changes, and the admin change that caused them first) wait until
  // they are recorded, in the order their places were taken.
  const activityQueue = new ActivityQueue(activity, onError);
  let documents: DocumentCache | undefined;
  let access: AccessService | undefined;
  let lockoutWatch: AdminLockoutWatch | undefined;
  let leadership: Leadership | undefined;
  try {
    // The change feed (docs/events.md): directory events are derived from each transaction and written in it.
    store.deriveEvents(directoryEvents);
    documents = await DocumentCache.open(store);
    const settings = documents;
    // The current admin's arrival is evidence the wizard keeps however many users arrive after it.
    const currentAdmin = () => generalSettings(settings).current_admin;
    activity.wizardEvidence.watch(currentAdmin);
    if (options.store !== undefined) {
      // Nodes behind a load balancer each see part of the traffic: the wizard reads what they all saw.
      const sharedEvidence = await SharedWizardEvidence.open(
        new SharedEvidenceTable(options.store),
        activity.wizardEvidence.current,
        { watched: currentAdmin, onError },
      );
      activity.shareEvidence(sharedEvidence);
    }
    access = new AccessService({
      store,
      documents,
      activity: activityQueue,
      report: onError,
      events: (changes, enabled) => accessEvents(changes, enabled, new Date().toISOString()),
    });
    // A million users take seconds to read: a server answers SCIM meanwhile (reads need no index; a write
    // returns once the index, read by then, has followed it).
    const background = options.accessIndexInBackground === true;
    const accessRead = access.start({ retry: background });
    // After the access service, so it sees the index already moved on: remembers what locked the admin out.
    // Every node watches; the leader alone writes the record (the lead is taken just below).
    lockoutWatch = new AdminLockoutWatch({
      store,
      documents,
      access,
      activity,
      now,
      report: onError,
      leading: () => leadership?.leading === true,
    });
    const watchStarted = lockoutWatch.start();
    // Access changes are recorded (and their events written) by the leading node only.
    const accessService = access;
    leadership =
      options.store === undefined
        ? alwaysLeading(onError)
        : await startLeadership(options.store, { log: onError, ...options.leadership });
    leadership.run({
      name: 'access events',
      // In the background the lead waits for the index without holding up the jobs after it (webhook delivery).
      start: () =>
        background
          ? void accessService.lead().catch((error: unknown) => onError(`taking the lead failed: ${String(error)}`))
          : accessService.lead(),
      stop: () => accessService.standBy(),
    });
    if (background)
      watchStarted.catch((error: unknown) => onError(`the admin lock-out watch did not start: ${String(error)}`));
    else await Promise.all([accessRead, watchStarted]);
    await leadership.settled();
  } catch (error) {
    await leadership?.close();
    lockoutWatch?.stop();
    access?.stop();
    documents?.close();
    await activity.close();
    await store.close();
    throw error;
  }
  return assemble({
    dataDir,
    store,
    leadership,
    documents,
    access,
    lockoutWatch,
    activity,
    activityQueue,
    now,
    options,
  });
}

/** The embedded store in the data folder, or the shared PostgreSQL database (its schema migrated at start). */
async function openDirectoryStore(
  dataDir: string,
  url: string | undefined,
  log: (line: string) => void,
): Promise<DirectoryStore> {
  if (url === undefined) return new EmbeddedDirectoryStore(await openStore(dataDir, { log }), log);
  return openPostgresStore(url, { log });
}

interface Opened {
  dataDir: string;
  store: DirectoryStore;
  leadership: Leadership;
  documents: DocumentCache;
  access: AccessService;
  lockoutWatch: AdminLockoutWatch;
  activity: ActivityLog;
  activityQueue: ActivityQueue;
  now: () => Date;
  options: ServicesOptions;
}

function assemble({
  dataDir,
  store,
  leadership,
  documents,
  access,
  lockoutWatch,
  activity,
  activityQueue,
  now,
  options,
}: Opened): Services {
  const onError = (message: string) => console.error(`scim-desk: ${message}`);
  const directory = new Directory(store, now);
  const rules = new RulesService({
    facts: storeRulesFacts(documents, access, lockoutWatch.documentsNow),
    sink: storeRulesSink(store),
    activity: activityQueue,
  });
  let secrets: Promise<SecretBox> | undefined;
  const openSecrets = () => (secrets ??= SecretBox.open(dataDir));
  const tenantOptions = options.tenants ?? {};
  const clock = tenantOptions.clock ?? systemClock;
  const adminLogin = () => generalSettings(documents).current_admin;
  const connections = new ConnectionsService({
    store,
    documents,
    secrets: openSecrets,
    activity,
    clock,
    ...(tenantOptions.timeoutMs ? { timeoutMs: tenantOptions.timeoutMs } : {}),
  });
  const tenants = new TenantSnapshots({
    connections,
    adminLogin,
    clock,
    ...(tenantOptions.refreshEveryMs !== undefined ? { refreshEveryMs: tenantOptions.refreshEveryMs } : {}),
    onError,
  });
  const clumioAccount = new ClumioAccountService({
    connections,
    snapshots: tenants,
    activity,
    adminLogin,
    local: { store, documents, rules, roles: access.roles },
  });
  const tokens = new TokenService(store, documents, now, {
    onError: (message) => console.error(`scim-desk: ${message}`),
  });
  return {
    dataDir,
    store,
    leadership,
    documents,
    lockout: lockoutWatch,
    directory,
    tokens,
    limiter: new FailedAuthLimiter(),
    activity,
    access,
    rules,
    protocol: new ScimProtocol(directory),
    secrets: openSecrets,
    connections,
    tenants,
    clumioAccount,
    startedAt: new Date().toISOString(),
    version: VERSION,
    async close() {
      tenants.close();
      tokens.stop();
      lockoutWatch.stop();
      access.stop();
      documents.close();
      // What was derived from the last changes is recorded before the store goes.
      await access.flushed();
      await lockoutWatch.flushed();
      // Then the lead goes to another node (the lock's session ends).
      await leadership.close();
      await activity.close();
      await store.close();
    },
  };
}
