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
import type { DirectoryRepository } from '../store/types.js';

export function storeRulesFacts(repo: DirectoryRepository, access: AccessService): RulesFacts {
  return {
    roles: access.roles,
    rules: () => storedRules(repo),
    organizationalUnits: () => organizationalUnits(repo),
    index: () => access.index,
    groupNames: () => access.groupDisplayNames(),
    displayName: (userId) => {
      const name = repo.getUser(userId)?.data.displayName;
      return typeof name === 'string' ? name : null;
    },
    currentAdmin: () => generalSettings(repo).current_admin,
    autoUserProvisioning: () => autoUserProvisioningEnabled(repo),
    lockout: () => lockoutMemory(repo, access),
  };
}

export function storeRulesSink(repo: DirectoryRepository): RulesSink {
  return {
    writeRules: (change) => repo.commit([...change.put.map(putRuleOp), ...change.deleted.map(deleteRuleOp)]),
    writeAutoUserProvisioning: (enabled) => repo.commit([putAutoUserProvisioningOp(enabled)]),
  };
}
