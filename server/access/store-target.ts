/**
 * SCIM Desk's own store as the rules service's target: facts from the stored documents and the live access
 * index, changes committed as one transaction each (the access service then follows them).
 */
import type { AccessService } from './access-service.js';
import { lockoutMemory } from './admin-lockout.js';
import type { RulesFacts, RulesSink } from './rules-facts.js';
import {
  autoUserProvisioningEnabled,
  deleteRuleOp,
  generalSettings,
  organizationalUnits,
  putAutoUserProvisioningOp,
  putRuleOp,
  storedRules,
} from './stored-config.js';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import { writeDocs } from '../store/doc-ops.js';

/** `lockoutDocuments`: the documents with the lock-out record as this node knows it now (AdminLockoutWatch). */
export function storeRulesFacts(
  repo: DocumentReader,
  access: AccessService,
  lockoutDocuments: DocumentReader = repo,
): RulesFacts {
  return {
    roles: access.roles,
    rules: () => storedRules(repo),
    organizationalUnits: () => organizationalUnits(repo),
    index: () => access.index,
    groupNames: () => access.groupDisplayNames(),
    // The index keeps each user's displayName: a preview of thousands of users reads no records.
    displayName: (userId) => access.index.getUser(userId)?.displayName ?? null,
    currentAdmin: () => generalSettings(repo).current_admin,
    autoUserProvisioning: () => autoUserProvisioningEnabled(repo),
    lockout: () => lockoutMemory(lockoutDocuments, access),
  };
}

export function storeRulesSink(store: DirectoryStore): RulesSink {
  return {
    writeRules: (change) => writeDocs(store, [...change.put.map(putRuleOp), ...change.deleted.map(deleteRuleOp)]),
    writeAutoUserProvisioning: (enabled) => writeDocs(store, [putAutoUserProvisioningOp(enabled)]),
  };
}
