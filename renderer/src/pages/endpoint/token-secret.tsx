/**
 * The secret of a token just created: shown once, with copy and download. It lives only in this
 * component's props, so it is gone as soon as the admin leaves the page or presses Done.
 */
import { useState } from 'react';
import type { TokenCreated } from '../../../../server/admin/contract';
import { CopyButton } from '../../components/copy-button';
import { ErrorMessage } from '../../components/feedback';
import { saveTextFile } from '../../desktop/bridge';

function fileNameFor(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `scim-desk-token${slug ? `-${slug}` : ''}.txt`;
}

export function TokenSecret({ created, onDone }: { created: TokenCreated; onDone(): void }) {
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return (
    <section className="card secret-card" aria-labelledby="secret-heading" data-testid="token-secret-panel">
      <h2 id="secret-heading">Token "{created.token.label}" created</h2>
      <p>
        <strong>Copy or download it now: it is shown only once.</strong> SCIM Desk keeps only a hash. Paste it into
        Okta's Provisioning → Integration → API Token.
      </p>
      <div className="secret-row">
        <label className="grow">
          <span>SCIM token</span>
          <input
            type="text"
            readOnly
            value={created.secret}
            onFocus={(e) => e.target.select()}
            data-testid="token-secret"
          />
        </label>
        <CopyButton text={created.secret} what="token" testId="copy-token" />
        <button
          type="button"
          className="button-small"
          onClick={() =>
            saveTextFile(fileNameFor(created.token.label), `${created.secret}\n`).then(
              (ok) => setSaved(ok),
              (failure: unknown) => setError(failure),
            )
          }
        >
          Download
        </button>
      </div>
      {saved && <p className="muted small">Saved.</p>}
      <ErrorMessage error={error} />
      <button type="button" className="button-primary" onClick={onDone}>
        Done, hide the token
      </button>
    </section>
  );
}
