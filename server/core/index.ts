export { startScimDesk, controlSocketPath } from './scim-desk.js';
export type { RunningScimDesk, ScimDeskOptions } from './types.js';
