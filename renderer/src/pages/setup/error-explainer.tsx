/**
 * The identity provider's error texts: paste what it showed, or pick it, and read the cause, the fix, what
 * SCIM Desk itself saw, and where the text is documented. The catalogue is the current profile's; another
 * identity provider's entry answers only a text that is clearly its, and says whose it is. A text SCIM Desk
 * does not know gets the general checks that fit what it saw. Test ids are `<idp>-error-*`.
 */
import { useState, type FormEvent } from 'react';
import type { DiagnoseResult, IdpErrorInfo, SetupProfile } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage, Notice } from '../../components/feedback';
import { ServerText } from '../../components/when';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';
import { EvidenceLine } from './evidence-line';

function Explanation({ info, testId, foreign }: { info: IdpErrorInfo; testId: string; foreign: boolean }) {
  return (
    <div className="explanation" data-testid={testId} data-idp={info.idp}>
      {foreign && (
        <p className="badge badge-waiting" data-testid="error-other-idp">
          {info.idpName}'s text, not your identity provider's
        </p>
      )}
      <h3>{info.title}</h3>
      <p>
        <strong>Cause:</strong> <ServerText text={info.cause} />
      </p>
      <p>
        <strong>Fix:</strong> <ServerText text={info.fix} />
      </p>
      {info.seen && (
        <p data-testid="error-seen">
          <strong>Seen here:</strong> <ServerText text={info.seen} />
        </p>
      )}
      <p className="muted small">
        Source:{' '}
        <a href={info.source} target="_blank" rel="noreferrer">
          {info.source}
        </a>
      </p>
    </div>
  );
}

function Checks({ result, name, prefix }: { result: DiagnoseResult; name: string; prefix: string }) {
  return (
    <div data-testid={`${prefix}-unknown`}>
      <Notice tone="info">
        SCIM Desk does not know this text from {name}. Pick the closest one below, or go through what fits what SCIM
        Desk saw:
      </Notice>
      <ul className="explainer-checks" data-testid={`${prefix}-checks`}>
        {result.checks.map((check) => (
          <li key={check.id} data-testid={`check-${check.id}`}>
            {check.message}
            {check.evidence && <EvidenceLine evidence={check.evidence} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorExplainer({ profile, revision }: { profile: SetupProfile; revision: number }) {
  const catalogue = useApi((signal) => get('GET /api/setup/errors', { signal }), [profile.idp, profile.app, revision]);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState('');
  const [result, setResult] = useState<DiagnoseResult | null>(null);
  const { busy, error, run } = useAction();
  const { words } = profile;
  const prefix = `${profile.idp}-error`;

  const diagnose = async (event: FormEvent) => {
    event.preventDefault();
    setPicked('');
    await run(async () => {
      setResult(await call('POST /api/setup/diagnose', { body: { text } }));
    });
  };
  const pickedInfo = catalogue.data?.items.find((item) => item.id === picked);

  return (
    <section className="card" aria-labelledby="idp-errors-heading" data-testid={`${prefix}-explainer`}>
      <h2 id="idp-errors-heading">{words.short} shows an error?</h2>
      <form onSubmit={(e) => void diagnose(e)} className="explainer-form">
        <label>
          <span>{words.explainerPrompt}</span>
          <textarea
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={words.explainerPlaceholder}
            data-testid={`${prefix}-text`}
          />
        </label>
        <button type="submit" disabled={busy || text.trim() === ''} data-testid={`explain-${prefix}`}>
          Explain
        </button>
      </form>
      {result !== null && picked === '' && (
        <div aria-live="polite">
          {result.matches.length === 0 ? (
            <Checks result={result} name={words.short} prefix={prefix} />
          ) : (
            result.matches.map((info) => (
              <Explanation
                key={`${info.idp}-${info.id}`}
                info={info}
                testId={`${prefix}-explanation`}
                foreign={info.idp !== profile.idp}
              />
            ))
          )}
        </div>
      )}
      <label>
        <span>Or pick one</span>
        <select value={picked} onChange={(e) => setPicked(e.target.value)} data-testid={`${prefix}-pick`}>
          <option value="">Choose {words.short}'s message…</option>
          {catalogue.data?.items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      {pickedInfo && <Explanation info={pickedInfo} testId={`${prefix}-explanation`} foreign={false} />}
      <ErrorMessage error={error ?? catalogue.error} />
    </section>
  );
}
