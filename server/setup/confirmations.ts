/**
 * The admin's confirmations of steps nothing can show, kept in the store's `settings` collection (document
 * `setup`) so progress survives restarts: one set per target, since confirming a step of the rehearsal against
 * this endpoint says nothing about the Okta app that provisions into Clumio (and the other way round).
 */
import type { ProvisioningTarget } from '../access/access-types.js';
import type { SetupStepId } from './setup-types.js';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import { isSetupStepId } from './setup-state.js';

export const SETUP_SETTINGS_DOC = 'setup';

type Confirmations = Partial<Record<SetupStepId, string>>;

/** The field of each target's confirmations in the document (`confirmations` is the endpoint's, as it always was). */
const FIELDS: Record<ProvisioningTarget, 'confirmations' | 'rollout_confirmations'> = {
  'scim-desk': 'confirmations',
  clumio: 'rollout_confirmations',
};

function asDoc(doc: unknown): Record<string, unknown> {
  return typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
}

export function readConfirmations(repo: DocumentReader, target: ProvisioningTarget = 'scim-desk'): Confirmations {
  return confirmationsOf(asDoc(repo.getDoc<unknown>('settings', SETUP_SETTINGS_DOC)), target);
}

function confirmationsOf(doc: Record<string, unknown>, target: ProvisioningTarget): Confirmations {
  const raw = doc[FIELDS[target]];
  const confirmations: Confirmations = {};
  if (typeof raw !== 'object' || raw === null) return confirmations;
  for (const [id, at] of Object.entries(raw)) if (isSetupStepId(id) && typeof at === 'string') confirmations[id] = at;
  return confirmations;
}

/** Confirms (or withdraws) one step: read and written in one transaction, so two at once both count. */
export function confirmStep(
  store: DirectoryStore,
  id: SetupStepId,
  confirmed: boolean,
  at: Date,
  target: ProvisioningTarget = 'scim-desk',
): Promise<void> {
  return store.transact(async (tx) => {
    const doc = asDoc(await tx.getDoc<unknown>('settings', SETUP_SETTINGS_DOC));
    const confirmations = confirmationsOf(doc, target);
    if (confirmed) confirmations[id] = at.toISOString();
    else delete confirmations[id];
    await tx.putDoc('settings', SETUP_SETTINGS_DOC, { ...doc, [FIELDS[target]]: confirmations });
  });
}
