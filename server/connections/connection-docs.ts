/**
 * How the connections are stored: one document each in the store's `settings` collection
 * (`connection.okta`, `connection.clumio`), the API token sealed with the data folder's key. Reading trusts
 * a document's shape only once checked, so a hand-edited data file reads as "not connected", never a crash.
 */
import type { SealedSecret } from '../secrets/secret-box.js';
import type { DocumentReader } from '../store/directory-store.js';
import type { DocOp } from '../store/doc-ops.js';
import { isRecord } from '../util/is-record.js';
import type { ConnectionCheck, TenantServiceName } from './connection-types.js';

export interface OktaConnectionDoc {
  org_url: string;
  app: { id: string; label: string } | null;
  token: SealedSecret;
  connected_at: string;
  checked: ConnectionCheck;
}

export interface ClumioConnectionDoc {
  base_url: string;
  token: SealedSecret;
  connected_at: string;
  checked: ConnectionCheck;
}

const DOC_ID: Record<TenantServiceName, string> = { okta: 'connection.okta', clumio: 'connection.clumio' };

function isSealed(value: unknown): value is SealedSecret {
  return (
    isRecord(value) &&
    value.v === 1 &&
    typeof value.iv === 'string' &&
    typeof value.tag === 'string' &&
    typeof value.data === 'string'
  );
}

function isCheck(value: unknown): value is ConnectionCheck {
  return isRecord(value) && typeof value.at === 'string' && typeof value.said === 'string';
}

function isApp(value: unknown): value is { id: string; label: string } | null {
  return value === null || (isRecord(value) && typeof value.id === 'string' && typeof value.label === 'string');
}

export function oktaConnectionDoc(repo: DocumentReader): OktaConnectionDoc | null {
  const doc = repo.getDoc<unknown>('settings', DOC_ID.okta);
  if (!isRecord(doc) || typeof doc.org_url !== 'string' || !isSealed(doc.token) || !isApp(doc.app)) return null;
  if (typeof doc.connected_at !== 'string' || !isCheck(doc.checked)) return null;
  return { org_url: doc.org_url, app: doc.app, token: doc.token, connected_at: doc.connected_at, checked: doc.checked };
}

export function clumioConnectionDoc(repo: DocumentReader): ClumioConnectionDoc | null {
  const doc = repo.getDoc<unknown>('settings', DOC_ID.clumio);
  if (!isRecord(doc) || typeof doc.base_url !== 'string' || !isSealed(doc.token)) return null;
  if (typeof doc.connected_at !== 'string' || !isCheck(doc.checked)) return null;
  return { base_url: doc.base_url, token: doc.token, connected_at: doc.connected_at, checked: doc.checked };
}

export const putOktaConnectionOp = (doc: OktaConnectionDoc): DocOp => ({
  op: 'putDoc',
  collection: 'settings',
  id: DOC_ID.okta,
  doc,
});
export const putClumioConnectionOp = (doc: ClumioConnectionDoc): DocOp => ({
  op: 'putDoc',
  collection: 'settings',
  id: DOC_ID.clumio,
  doc,
});
export const deleteConnectionOp = (service: TenantServiceName): DocOp => ({
  op: 'deleteDoc',
  collection: 'settings',
  id: DOC_ID[service],
});
