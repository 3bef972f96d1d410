import type { Condition } from './types.js';

/** Users stored with `active` false. SCIM's `active` defaults to true: only an explicit false is inactive. */
export const INACTIVE_USER: Condition = {
  kind: 'compare',
  field: { kind: 'data', path: [{ name: 'active', multiValued: false }] },
  op: 'eq',
  value: false,
  type: 'boolean',
  caseExact: false,
};

/** Every user but those stored with `active` false. */
export const ACTIVE_USER: Condition = { kind: 'not', condition: INACTIVE_USER };
