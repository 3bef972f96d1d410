/**
 * The wizard's state, kept live: `GET /api/setup` once, then again shortly after every activity event, so
 * a step turns done while the admin watches Okta (or the rehearsal) send its requests. `revision` counts
 * those refreshes, so the step panels can refresh their own data (tokens, groups, settings) with it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SetupState } from '../../../../server/admin/contract';
import { get } from '../../api/client';
import { openActivityStream, type StreamState } from '../../api/activity-stream';

/** Events arrive in bursts (a rehearsal sends dozens a second in fast mode): one refresh per burst. */
const REFRESH_DELAY_MS = 250;

export interface LiveSetup {
  setup: SetupState | undefined;
  error: unknown;
  stream: StreamState;
  /** Increases on every refresh caused by activity or by the admin's own changes. */
  revision: number;
  /** Fetch again now (after the admin changed something). */
  refresh(): void;
  /** Adopt a state the server just answered (e.g. after a confirmation). */
  replace(state: SetupState): void;
}

export function useLiveSetup(): LiveSetup {
  const [setup, setSetup] = useState<SetupState | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [stream, setStream] = useState<StreamState>('connecting');
  const [revision, setRevision] = useState(0);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    get('GET /api/setup', { signal: controller.signal }).then(
      (state) => {
        setSetup(state);
        setError(undefined);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      },
    );
    return () => controller.abort();
  }, [revision]);

  const refresh = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setRevision((r) => r + 1), REFRESH_DELAY_MS);
  }, []);

  useEffect(() => {
    const close = openActivityStream(refresh, (state) => {
      setStream(state);
      // After a reconnect, events may have been missed: read the state again.
      if (state === 'live') refresh();
    });
    return () => {
      close();
      window.clearTimeout(timer.current);
    };
  }, [refresh]);

  const replace = useCallback((state: SetupState) => setSetup(state), []);
  return { setup, error, stream, revision, refresh, replace };
}
