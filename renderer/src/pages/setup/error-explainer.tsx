/**
 * The identity provider's error texts (DOMAIN §3.4, docs/entra.md): paste what Okta or Entra showed, or
 * pick it, and read the cause, the fix, what SCIM Desk itself saw, and where the text is documented.
 * Test ids keep the `okta-error-*` prefix in the Okta profile and use `entra-error-*` in Entra's.
 */
import { useState, type FormEvent } from 'react';
import type { IdentityProvider, IdpErrorInfo } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage, Notice } from '../../components/feedback';
import { ServerText } from '../../components/when';
import { useApi } from '../../hooks/use-api';
import { IDP_WORDS } from './idp-words';

const PLACEHOLDERS: Record<IdentityProvider, string> = {
  okta: 'Error authenticating: Unauthorized. The connector configuration could not be tested…',
  entra: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable…',
};

function Explanation({ info, testId }: { info: IdpErrorInfo; testId: string }) {
  return (
    <div className="explanation" data-testid={testId}>
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

export function ErrorExplainer({ idp, revision }: { idp: IdentityProvider; revision: number }) {
  const catalogue = useApi((signal) => get(idp === 'entra' ? 'GET /api/setup/entra-errors' : 'GET /api/setup/okta-errors', { signal }), [idp, revision]);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState('');
  const [matches, setMatches] = useState<IdpErrorInfo[] | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const name = IDP_WORDS[idp].short;
  const prefix = `${idp}-error`;

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
    <section className="card" aria-labelledby="idp-errors-heading" data-testid={`${prefix}-explainer`}>
      <h2 id="idp-errors-heading">{name} shows an error?</h2>
      <form onSubmit={(e) => void diagnose(e)} className="explainer-form">
        <label>
          <span>{idp === 'entra' ? 'Paste the provisioning log’s error code or message' : "Paste Okta's message"}</span>
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={PLACEHOLDERS[idp]} data-testid={`${prefix}-text`} />
        </label>
        <button type="submit" disabled={busy || text.trim() === ''} data-testid={`explain-${prefix}`}>
          Explain
        </button>
      </form>
      {matches !== null && picked === '' && (
        <div aria-live="polite">
          {matches.length === 0 ? (
            <Notice tone="info">This text matches none of the errors SCIM Desk knows. Pick the closest one below, or look at the failed requests in the Activity view.</Notice>
          ) : (
            matches.map((info) => <Explanation key={`${info.idp}-${info.id}`} info={info} testId={`${prefix}-explanation`} />)
          )}
        </div>
      )}
      <label>
        <span>Or pick one</span>
        <select value={picked} onChange={(e) => setPicked(e.target.value)} data-testid={`${prefix}-pick`}>
          <option value="">Choose {name}'s message…</option>
          {catalogue.data?.items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
      </label>
      {pickedInfo && <Explanation info={pickedInfo} testId={`${prefix}-explanation`} />}
      <ErrorMessage error={error ?? catalogue.error} />
    </section>
  );
}
