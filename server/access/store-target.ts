/**
 * SCIM Desk's own store as the rules service's target: facts from the stored documents and the live access
 * index, changes committed as one transaction each (the access service then follows them).
 */
import type { AccessService } from './access-service.js';
import { lockoutMemory } from './admin-lockout.js';
import type { FactsScope, RulesFacts, RulesSettings, RulesSink, RulesTarget } from './rules-facts.js';
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

/**
 * `lockoutDocuments`: the documents with the lock-out record as this node knows it now (AdminLockoutWatch).
 * Each question's population comes from the access service: its live index on the embedded store, the users
 * the question covers, read from the database, on PostgreSQL.
 */
export function storeRulesFacts(
  repo: DocumentReader,
  access: AccessService,
  lockoutDocuments: DocumentReader = repo,
): RulesTarget {
  const settings: RulesSettings & Pick<RulesFacts, 'lockout'> = {
    roles: access.roles,
    rules: () => storedRules(repo),
    organizationalUnits: () => organizationalUnits(repo),
    currentAdmin: () => generalSettings(repo).current_admin,
    autoUserProvisioning: () => autoUserProvisioningEnabled(repo),
    // The admin's standing is read from the live index, which holds the admin on both stores.
    lockout: () => lockoutMemory(lockoutDocuments, access),
  };
  return {
    ...settings,
    facts: async (scope: FactsScope): Promise<RulesFacts> => {
      const [index, groupNames, activeUsers] = await Promise.all([
        access.population(scope.ruleSets, scope.userNames),
        access.groupDisplayNames(),
        access.activeUsers(),
      ]);
      return {
        ...settings,
        index: () => index,
        groupNames: () => groupNames,
        // The index keeps each user's displayName: a preview of thousands of users reads no records.
        displayName: (userId) => index.getUser(userId)?.displayName ?? null,
        activeUsers: () => activeUsers,
      };
    },
  };
}

export function storeRulesSink(store: DirectoryStore): RulesSink {
  return {
    writeRules: (change) => writeDocs(store, [...change.put.map(putRuleOp), ...change.deleted.map(deleteRuleOp)]),
    writeAutoUserProvisioning: (enabled) => writeDocs(store, [putAutoUserProvisioningOp(enabled)]),
  };
}
