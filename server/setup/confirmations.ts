/**
 * The admin's confirmations of steps traffic cannot show, kept in the store's `settings` collection
 * (document `setup`) so progress survives restarts.
 */
import type { SetupStepId } from './setup-types.js';
import type { DirectoryRepository, StoreOp } from '../store/types.js';
import { isSetupStepId } from './setup-state.js';

export const SETUP_SETTINGS_DOC = 'setup';

interface SetupDoc {
  confirmations: Partial<Record<SetupStepId, string>>;
}

export function readConfirmations(repo: DirectoryRepository): Partial<Record<SetupStepId, string>> {
  const doc = repo.getDoc<unknown>('settings', SETUP_SETTINGS_DOC);
  const raw = typeof doc === 'object' && doc !== null ? (doc as { confirmations?: unknown }).confirmations : undefined;
  const confirmations: Partial<Record<SetupStepId, string>> = {};
  if (typeof raw !== 'object' || raw === null) return confirmations;
  for (const [id, at] of Object.entries(raw)) if (isSetupStepId(id) && typeof at === 'string') confirmations[id] = at;
  return confirmations;
}

export function confirmationOp(repo: DirectoryRepository, id: SetupStepId, confirmed: boolean, at: Date): StoreOp {
  const confirmations = readConfirmations(repo);
  if (confirmed) confirmations[id] = at.toISOString();
  else delete confirmations[id];
  const doc: SetupDoc = { confirmations };
  return { op: 'putDoc', collection: 'settings', id: SETUP_SETTINGS_DOC, doc };
}
