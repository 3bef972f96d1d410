/**
 * The admin's confirmations of steps nothing can show, kept in the store's `settings` collection (document
 * `setup`) so progress survives restarts: one set per target, since confirming a step of the rehearsal against
 * this endpoint says nothing about the Okta app that provisions into Clumio (and the other way round).
 */
import type { ProvisioningTarget } from '../access/access-types.js';
import type { SetupStepId } from './setup-types.js';
import type { DirectoryRepository, StoreOp } from '../store/types.js';
import { isSetupStepId } from './setup-state.js';

export const SETUP_SETTINGS_DOC = 'setup';

type Confirmations = Partial<Record<SetupStepId, string>>;

/** The field of each target's confirmations in the document (`confirmations` is the endpoint's, as it always was). */
const FIELDS: Record<ProvisioningTarget, 'confirmations' | 'rollout_confirmations'> = { 'scim-desk': 'confirmations', clumio: 'rollout_confirmations' };

function setupDoc(repo: DirectoryRepository): Record<string, unknown> {
  const doc = repo.getDoc<unknown>('settings', SETUP_SETTINGS_DOC);
  return typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
}

export function readConfirmations(repo: DirectoryRepository, target: ProvisioningTarget = 'scim-desk'): Confirmations {
  const raw = setupDoc(repo)[FIELDS[target]];
  const confirmations: Confirmations = {};
  if (typeof raw !== 'object' || raw === null) return confirmations;
  for (const [id, at] of Object.entries(raw)) if (isSetupStepId(id) && typeof at === 'string') confirmations[id] = at;
  return confirmations;
}

export function confirmationOp(repo: DirectoryRepository, id: SetupStepId, confirmed: boolean, at: Date, target: ProvisioningTarget = 'scim-desk'): StoreOp {
  const confirmations = readConfirmations(repo, target);
  if (confirmed) confirmations[id] = at.toISOString();
  else delete confirmations[id];
  const doc = { ...setupDoc(repo), [FIELDS[target]]: confirmations };
  return { op: 'putDoc', collection: 'settings', id: SETUP_SETTINGS_DOC, doc };
}
