/** The rehearsal (demo mode): rehearsal/ owns its request and status shapes. */
export type {
  EntraDialect,
  RehearsalRemoved,
  RehearsalRequest,
  RehearsalStatus,
} from '../../rehearsal/rehearsal-types.js';
