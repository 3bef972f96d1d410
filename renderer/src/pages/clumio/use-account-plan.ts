/** The plan of a desired rule set, asked again (after a short pause) whenever the set changes. */
import { useEffect, useState } from 'react';
import type { ClumioRulesPlan, FieldIssue, RuleInput } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ApiFailure } from '../../api/errors';

export type PlanState =
  | { state: 'idle' }
  | { state: 'loading'; previous?: ClumioRulesPlan }
  | { state: 'ready'; plan: ClumioRulesPlan }
  | { state: 'invalid'; message: string; issues: FieldIssue[] }
  | { state: 'failed'; error: unknown };

const PAUSE_MS = 350;

export function useAccountPlan(rules: RuleInput[] | null, generation: number): PlanState {
  const [result, setResult] = useState<PlanState>({ state: 'idle' });
  const key = rules ? JSON.stringify(rules) : null;
  useEffect(() => {
    if (key === null) {
      setResult({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setResult((previous) => ({ state: 'loading', ...(previous.state === 'ready' ? { previous: previous.plan } : {}) }));
    const timer = window.setTimeout(() => {
      call('POST /api/clumio/rules/plan', {
        body: { rules: JSON.parse(key) as RuleInput[] },
        signal: controller.signal,
      }).then(
        (plan) => setResult({ state: 'ready', plan }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const invalid =
            error instanceof ApiFailure
              ? (error.apiError('invalid_rule') ?? error.apiError('invalid_body'))
              : undefined;
          if (invalid) setResult({ state: 'invalid', message: invalid.message, issues: invalid.details?.issues ?? [] });
          else setResult({ state: 'failed', error });
        },
      );
    }, PAUSE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key, generation]);
  return result;
}
