import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 may grow its old space past the live heap before the next full collection. V8 picks a factor
 * between 1.1 and 4 from its own measurements, and under a steady stream of SCIM requests it settles on 4:
 * at 10,000 users about 65 MB live became ~350 MB of RSS. A fixed factor of 2 keeps the peak near 225 MB
 * for about the same CPU (full collections stay rare because little outlives a request; see the README's
 * performance section and `npm run bench`).
 */
export const HEAP_GROWING_PERCENT = 100;

let applied = false;

/** Sets the growth factor for this process (a V8 flag read at every collection, so it applies at once).
 * SCIM_DESK_HEAP_GROWING_PERCENT overrides the percentage; 0 leaves V8's own choice. */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env): void {
  if (applied) return;
  applied = true;
  const override = env.SCIM_DESK_HEAP_GROWING_PERCENT;
  const percent = override !== undefined && /^\d+$/.test(override) ? Number(override) : HEAP_GROWING_PERCENT;
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
