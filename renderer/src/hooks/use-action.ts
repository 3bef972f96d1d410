/**
 * One thing an admin starts from a component (save, connect, retry, remove): busy while it runs, and its failure
 * kept for the component to show. `run` answers whether it worked, so a form closes or a confirmation clears only
 * then; running again forgets the last failure.
 */
import { useCallback, useState } from 'react';

export interface Action {
  busy: boolean;
  error: unknown;
  run(action: () => Promise<unknown>): Promise<boolean>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
