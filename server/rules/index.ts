/** Auto user provisioning, as pure TypeScript: no HTTP, no storage, no SCIM. See README.md. */
export * from './roles.js';
export * from './organizational-units.js';
export * from './rule.js';
export * from './condition.js';
export * from './rule-validation.js';
export * from './engine.js';
export * from './group-name-warnings.js';
export * from './preview.js';
export * from './guard.js';
export * from './wire-format.js';
