/**
 * The connections as the admin API shows them: what is saved (never the token), what the check said when it
 * was saved, and how the latest read of each service went, item by item.
 */
import type { Reading } from '../tenants/facts/reading.js';
import type { ClumioFacts, OktaFacts, TenantSnapshot } from '../tenants/facts/tenant-snapshot.js';
import type { ClumioConnectionDoc, OktaConnectionDoc } from './connection-docs.js';
import type {
  ClumioConnectionInfo,
  ConnectionProblem,
  ConnectionReading,
  Connections,
  OktaConnectionInfo,
} from './connection-types.js';
import { ConnectionsService } from './connections-service.js';
import type { TenantSnapshots } from './tenant-snapshots.js';

type Items = [string, Reading<unknown> | null][];

function reading(items: Items, at: string): ConnectionReading {
  const problems: ConnectionProblem[] = [];
  for (const [item, value] of items) if (value && !value.ok) problems.push({ item, message: value.sentence });
  return { at, ok: problems.length === 0, problems };
}

function oktaItems(okta: OktaFacts): Items {
  return [
    ['the Clumio app', okta.app],
    ["the app's provisioning settings", okta.provisioning],
    ["the app's provisioning connection", okta.connection],
    ['the pushed groups', okta.pushedGroups],
    ["the app's assignments", okta.assignments],
    ['your own Okta user', okta.admin],
    ['the System Log', okta.failures],
  ];
}

function clumioItems(clumio: ClumioFacts): Items {
  return [
    ['the rules', clumio.rules],
    ['the roles', clumio.roles],
    ['the organizational units', clumio.organizationalUnits],
    ['the users', clumio.users],
    ['the auto user provisioning setting', clumio.autoUserProvisioning],
  ];
}

export function oktaInfo(
  doc: OktaConnectionDoc,
  snapshot: TenantSnapshot | null,
  reading_: boolean,
): OktaConnectionInfo {
  const okta =
    snapshot?.okta && snapshot.okta.orgUrl === doc.org_url && snapshot.okta.appId === doc.app?.id
      ? snapshot.okta
      : null;
  return {
    org_url: doc.org_url,
    app: doc.app,
    connected_at: doc.connected_at,
    checked: doc.checked,
    last_read: okta && snapshot ? reading(oktaItems(okta), snapshot.readAt) : null,
    reading: reading_,
  };
}

export function clumioInfo(
  doc: ClumioConnectionDoc,
  snapshot: TenantSnapshot | null,
  reading_: boolean,
): ClumioConnectionInfo {
  const clumio = snapshot?.clumio && snapshot.clumio.baseUrl === doc.base_url ? snapshot.clumio : null;
  return {
    base_url: doc.base_url,
    portal: ConnectionsService.portalOf(doc.base_url),
    connected_at: doc.connected_at,
    checked: doc.checked,
    last_read: clumio && snapshot ? reading(clumioItems(clumio), snapshot.readAt) : null,
    reading: reading_,
  };
}

export function describeConnections(connections: ConnectionsService, snapshots: TenantSnapshots): Connections {
  const snapshot = snapshots.current();
  const busy = snapshots.reading();
  const okta = connections.oktaConnection();
  const clumio = connections.clumioConnection();
  return {
    okta: okta ? oktaInfo(okta, snapshot, busy) : null,
    clumio: clumio ? clumioInfo(clumio, snapshot, busy) : null,
  };
}
