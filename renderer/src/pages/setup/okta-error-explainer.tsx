/** Okta's error texts (DOMAIN §3.4): paste what Okta showed, or pick it, and read the cause and the fix. */
import { useState, type FormEvent } from 'react';
import type { OktaErrorInfo } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage, Notice } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';

function Explanation({ info }: { info: OktaErrorInfo }) {
  return (
    <div className="explanation" data-testid="okta-error-explanation">
      <h3>{info.title}</h3>
      <p>
        <strong>Cause:</strong> {info.cause}
      </p>
      <p>
        <strong>Fix:</strong> {info.fix}
      </p>
    </div>
  );
}

export function OktaErrorExplainer() {
  const catalogue = useApi((signal) => get('GET /api/setup/okta-errors', { signal }), []);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState('');
  const [matches, setMatches] = useState<OktaErrorInfo[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const diagnose = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setPicked('');
    try {
      setMatches((await call('POST /api/setup/diagnose', { body: { text } })).matches);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const pickedInfo = catalogue.data?.items.find((item) => item.id === picked);

  return (
    <section className="card" aria-labelledby="okta-errors-heading" data-testid="okta-error-explainer">
      <h2 id="okta-errors-heading">Okta shows an error?</h2>
      <form onSubmit={(e) => void diagnose(e)} className="explainer-form">
        <label>
          <span>Paste Okta's message</span>
          <textarea
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="Error authenticating: Unauthorized. The connector configuration could not be tested…"
            data-testid="okta-error-text"
          />
        </label>
        <button type="submit" disabled={busy || text.trim() === ''} data-testid="explain-okta-error">
          Explain
        </button>
      </form>
      {matches !== null && picked === '' && (
        <div aria-live="polite">
          {matches.length === 0 ? (
            <Notice tone="info">This text matches none of the errors SCIM Desk knows. Pick the closest one below, or look at the failed requests in the Activity view.</Notice>
          ) : (
            matches.map((info) => <Explanation key={info.id} info={info} />)
          )}
        </div>
      )}
      <label>
        <span>Or pick one</span>
        <select value={picked} onChange={(e) => setPicked(e.target.value)} data-testid="okta-error-pick">
          <option value="">Choose Okta's message…</option>
          {catalogue.data?.items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      {pickedInfo && <Explanation info={pickedInfo} />}
      <ErrorMessage error={error ?? catalogue.error} />
    </section>
  );
}
