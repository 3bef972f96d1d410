/**
 * The admin's confirmations of steps traffic cannot show, kept in the store's `settings` collection
 * (document `setup`) so progress survives restarts.
 */
import type { SetupStepId } from './setup-types.js';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import { isSetupStepId } from './setup-state.js';

export const SETUP_SETTINGS_DOC = 'setup';

interface SetupDoc {
  confirmations: Partial<Record<SetupStepId, string>>;
}

export function readConfirmations(repo: DocumentReader): Partial<Record<SetupStepId, string>> {
  return confirmationsOf(repo.getDoc<unknown>('settings', SETUP_SETTINGS_DOC));
}

function confirmationsOf(doc: unknown): Partial<Record<SetupStepId, string>> {
  const raw = typeof doc === 'object' && doc !== null ? (doc as { confirmations?: unknown }).confirmations : undefined;
  const confirmations: Partial<Record<SetupStepId, string>> = {};
  if (typeof raw !== 'object' || raw === null) return confirmations;
  for (const [id, at] of Object.entries(raw)) if (isSetupStepId(id) && typeof at === 'string') confirmations[id] = at;
  return confirmations;
}

/** Confirms (or withdraws) one step: read and written in one transaction, so two at once both count. */
export function confirmStep(store: DirectoryStore, id: SetupStepId, confirmed: boolean, at: Date): Promise<void> {
  return store.transact(async (tx) => {
    const confirmations = confirmationsOf(await tx.getDoc<unknown>('settings', SETUP_SETTINGS_DOC));
    if (confirmed) confirmations[id] = at.toISOString();
    else delete confirmations[id];
    const doc: SetupDoc = { confirmations };
    await tx.putDoc('settings', SETUP_SETTINGS_DOC, doc);
  });
}
