/**
 * `SCIM_DESK_ACTIVITY_WINDOW=<entries>[:<summary MB>:<body MB>]` sizes the activity log's in-memory window
 * (default 1,000 entries, 1 MB, 2 MB). A tuning and benchmarking knob: `npm run bench -- --activity-window
 * 10000:8:8` measures the window SCIM Desk had before the wizard's evidence got its own file.
 */
import type { ActivityLogOptions } from './activity-log.js';

const MB = 1024 * 1024;

export function activityWindowFromEnv(
  value: string | undefined,
): Pick<ActivityLogOptions, 'memoryEntries' | 'memorySummaryBytes' | 'memoryBodyBytes'> {
  if (value === undefined || value.trim() === '') return {};
  const match = /^(\d+)(?::(\d+(?:\.\d+)?):(\d+(?:\.\d+)?))?$/.exec(value.trim());
  const entries = match ? Number(match[1]) : NaN;
  if (!match || !Number.isSafeInteger(entries) || entries < 1) {
    throw new Error(`SCIM_DESK_ACTIVITY_WINDOW must be <entries> or <entries>:<summary MB>:<body MB> (got "${value}")`);
  }
  const sized = { memoryEntries: entries };
  return match[2] === undefined
    ? sized
    : {
        ...sized,
        memorySummaryBytes: Math.round(Number(match[2]) * MB),
        memoryBodyBytes: Math.round(Number(match[3]) * MB),
      };
}
