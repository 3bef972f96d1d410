/**
 * The live preview: whenever the proposed rule set settles (debounced), ask the server what it would do.
 * Only the latest answer is kept.
 */
import { useEffect, useState } from 'react';
import type { FieldIssue, RulesPreview, RulesPreviewRequest } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { useDebounced } from '../../hooks/use-debounced';

export type PreviewState =
  | { state: 'idle' }
  | { state: 'loading'; previous?: RulesPreview }
  | { state: 'ready'; preview: RulesPreview }
  | { state: 'invalid'; issues: FieldIssue[]; message: string }
  | { state: 'failed'; error: unknown };

export function useRulesPreview(request: RulesPreviewRequest | null, delayMs = 400): PreviewState {
  const [result, setResult] = useState<PreviewState>({ state: 'idle' });
  const settled = useDebounced(request === null ? null : JSON.stringify(request), delayMs);

  useEffect(() => {
    if (settled === null) {
      setResult({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setResult((previous) => ({
      state: 'loading',
      previous: previous.state === 'ready' ? previous.preview : undefined,
    }));
    call('POST /api/rules/preview', {
      body: JSON.parse(settled) as RulesPreviewRequest,
      signal: controller.signal,
    }).then(
      (preview) => setResult({ state: 'ready', preview }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const invalid = error instanceof ApiFailure ? error.apiError('invalid_rule') : undefined;
        setResult(
          invalid
            ? { state: 'invalid', issues: invalid.details.issues, message: invalid.message }
            : { state: 'failed', error },
        );
      },
    );
    return () => controller.abort();
  }, [settled]);

  return result;
}
