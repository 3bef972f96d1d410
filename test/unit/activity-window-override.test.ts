/** SCIM_DESK_ACTIVITY_WINDOW: the activity log's in-memory window, for tuning and the bench
 * (docs/decisions.md#wizard-evidence-in-its-own-file). */
import { describe, expect, it } from 'vitest';
import { activityWindowFromEnv } from '../../server/activity/window-override.js';

describe('SCIM_DESK_ACTIVITY_WINDOW', () => {
  it('keeps the defaults when unset or empty', () => {
    expect(activityWindowFromEnv(undefined)).toEqual({});
    expect(activityWindowFromEnv('  ')).toEqual({});
  });
  it('takes entries, or entries with summary and body megabytes', () => {
    expect(activityWindowFromEnv('500')).toEqual({ memoryEntries: 500 });
    expect(activityWindowFromEnv('10000:8:8')).toEqual({
      memoryEntries: 10_000,
      memorySummaryBytes: 8 * 1024 * 1024,
      memoryBodyBytes: 8 * 1024 * 1024,
    });
  });
  it.each(['0', '-3', 'many', '100:8', '100:x:y'])('refuses %s with a message naming the variable', (value) => {
    expect(() => activityWindowFromEnv(value)).toThrow(/SCIM_DESK_ACTIVITY_WINDOW must be/);
  });
});
