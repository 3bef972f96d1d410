/**
 * "Add endpoint": a URL and which events it gets, every event or the checked ones. Checking a whole group
 * sends its `prefix.*` wildcard, so event types added to it later are included too.
 */
import { useState, type FormEvent } from 'react';
import type { WebhookCreated } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Notice } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { EVENT_TYPE_GROUPS, filterFromChoice, wildcard } from './webhook-text';

const FIELD_NAMES: Record<string, string> = { url: 'URL', events: 'Events' };

/** The server's field issues ("url: must be an http or https URL") as a list, when it sent them. */
function ValidationIssues({ error }: { error: unknown }) {
  const apiError = error instanceof ApiFailure && error.cause.kind === 'api' ? error.cause.error : undefined;
  const issues = apiError?.details && 'issues' in apiError.details ? apiError.details.issues : undefined;
  if (!issues || issues.length === 0) return <ErrorMessage error={error} title="Not added." />;
  return (
    <Notice tone="error" testId="webhook-form-error">
      <strong>Not added.</strong> Please fix:
      <ul>
        {issues.map((issue, i) => (
          <li key={i}>
            {FIELD_NAMES[issue.field] ?? issue.field}: {issue.message}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

export function AddWebhookForm({ onAdded }: { onAdded(created: WebhookCreated): void }) {
  const [url, setUrl] = useState('');
  const [every, setEvery] = useState(true);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const { busy, error, run } = useAction();

  const toggle = (entry: string, on: boolean) =>
    setChecked((current) => {
      const next = new Set(current);
      if (on) next.add(entry);
      else next.delete(entry);
      return next;
    });

  const events = filterFromChoice({ every, checked });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (events === undefined) return;
    await run(async () => {
      const created = await call('POST /api/webhooks', {
        body: every ? { url: url.trim() } : { url: url.trim(), events },
      });
      setUrl('');
      setEvery(true);
      setChecked(new Set());
      onAdded(created);
    });
  };

  return (
    <form
      className="webhook-form"
      aria-label="Add a webhook endpoint"
      onSubmit={(e) => void submit(e)}
      data-testid="add-webhook-form"
    >
      <label>
        <span>Endpoint URL</span>
        <input
          type="text"
          inputMode="url"
          value={url}
          required
          placeholder="https://example.com/hooks/scim-desk"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="webhook-url"
        />
      </label>
      <fieldset data-testid="webhook-events">
        <legend>Events</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="webhook-events"
            checked={every}
            onChange={() => setEvery(true)}
            data-testid="webhook-events-every"
          />
          <span>Every event, including types added in later versions</span>
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="webhook-events"
            checked={!every}
            onChange={() => setEvery(false)}
            data-testid="webhook-events-some"
          />
          <span>Only these:</span>
        </label>
        {!every && (
          <div className="event-groups">
            {EVENT_TYPE_GROUPS.map((group) => {
              const all = checked.has(wildcard(group));
              return (
                <div key={group.prefix} className="event-group" role="group" aria-label={`${group.prefix} events`}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      checked={all}
                      onChange={(e) => toggle(wildcard(group), e.target.checked)}
                      data-testid={`webhook-event-${wildcard(group)}`}
                    />
                    <span>
                      All {group.prefix} events <code>{wildcard(group)}</code>
                    </span>
                  </label>
                  {group.types.map((type) => (
                    <label key={type} className="checkbox event-type">
                      <input
                        type="checkbox"
                        checked={all || checked.has(type)}
                        disabled={all}
                        onChange={(e) => toggle(type, e.target.checked)}
                        data-testid={`webhook-event-${type}`}
                      />
                      <code>{type}</code>
                    </label>
                  ))}
                </div>
              );
            })}
          </div>
        )}
        {events === undefined && <p className="field-warning">Check at least one event type, or choose every event.</p>}
      </fieldset>
      <div className="toolbar">
        <button
          type="submit"
          className="button-primary"
          disabled={busy || events === undefined}
          data-testid="add-webhook"
        >
          Add endpoint
        </button>
      </div>
      {error !== undefined && <ValidationIssues error={error} />}
    </form>
  );
}
