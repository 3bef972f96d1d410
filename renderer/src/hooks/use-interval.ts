import { useEffect, useRef } from 'react';

/**
 * Calls `tick` every `ms` while the window is visible (a hidden tab or minimised app polls nothing), and once
 * when it becomes visible again, so what it shows is never older than one period.
 */
export function useInterval(tick: () => void, ms: number): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    const run = () => {
      if (document.visibilityState === 'visible') tickRef.current();
    };
    const timer = window.setInterval(run, ms);
    document.addEventListener('visibilitychange', run);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', run);
    };
  }, [ms]);
}
