/**
 * What the Okta and Clumio cards share: the heading with its badge; a saved connection's facts, its check and
 * latest read, with Replace token and Remove; the connect form while there is none or its token is being
 * replaced; and what went wrong. Each card states only its own facts, fields and help.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ConnectionCheck, ConnectionReading } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { CheckLine, ReadingLine } from './connection-status';
import { RemoveConnection } from './remove-connection';

/** The connected services, as their routes (`/api/connections/<service>`) and test ids name them. */
export type ConnectedService = 'okta' | 'clumio';

const SERVICE_NAMES: Record<ConnectedService, string> = { okta: 'Okta', clumio: 'Clumio' };

/** What every saved connection says of itself. */
interface SavedConnection {
  checked: ConnectionCheck;
  last_read: ConnectionReading | null;
  reading: boolean;
}

/** A card's changes: busy while one runs, its failure, and whether the connect form stands in for the facts. */
export interface ConnectionChanges {
  busy: boolean;
  error: unknown;
  editing: boolean;
  setEditing(editing: boolean): void;
  /** Runs a change, then has the page read the connections again; answers whether it worked. */
  run(change: () => Promise<unknown>): Promise<boolean>;
}

export function useConnectionChanges(onChanged: () => void): ConnectionChanges {
  const [editing, setEditing] = useState(false);
  const action = useAction();
  const run = (change: () => Promise<unknown>) =>
    action.run(async () => {
      await change();
      onChanged();
    });
  return { busy: action.busy, error: action.error, editing, setEditing, run };
}

/** What the connect form gets from its card. */
export interface ConnectFormControls {
  busy: boolean;
  /** Back to the saved connection; only when there is one. */
  onCancel?: () => void;
  /** Saves the connection (the server has the service check the token first); the form closes once it worked. */
  connect(save: () => Promise<unknown>): void;
}

export function ConnectionCard(props: {
  service: ConnectedService;
  title: string;
  info: SavedConnection | null;
  changes: ConnectionChanges;
  /** The service's own lines of the facts list (null while there is no connection); the check and last read follow. */
  facts: ReactNode;
  /** Under the facts: what the saved connection still needs. */
  children?: ReactNode;
  /** Buttons before Replace token. */
  actions?: ReactNode;
  form(controls: ConnectFormControls): ReactNode;
}) {
  const { service, info, changes } = props;
  const controls: ConnectFormControls = {
    busy: changes.busy,
    ...(info ? { onCancel: () => changes.setEditing(false) } : {}),
    connect: (save) => void changes.run(save).then((ok) => ok && changes.setEditing(false)),
  };
  return (
    <section
      className="card connection-card"
      aria-labelledby={`${service}-heading`}
      data-testid={`${service}-connection`}
    >
      <h2 id={`${service}-heading`}>
        {props.title}{' '}
        {info ? <span className="badge badge-done">Connected</span> : <span className="badge">Not connected</span>}
      </h2>
      {info && !changes.editing && (
        <>
          <dl className="facts">
            {props.facts}
            <CheckLine checked={info.checked} />
            <ReadingLine reading={info.last_read} busy={info.reading} testId={`${service}-last-read`} />
          </dl>
          {props.children}
          <div className="toolbar">
            {props.actions}
            <button type="button" onClick={() => changes.setEditing(true)}>
              Replace token
            </button>
            <RemoveConnection
              service={SERVICE_NAMES[service]}
              testId={`${service}-remove`}
              busy={changes.busy}
              onRemove={() => changes.run(() => call(`DELETE /api/connections/${service}`, {}))}
            />
          </div>
        </>
      )}
      {(!info || changes.editing) && props.form(controls)}
      <ErrorMessage error={changes.error} title="Not saved." />
    </section>
  );
}

/** The connect form around a service's own fields: the API token, where to make it, Connect and Cancel. */
export function ConnectForm(props: {
  service: ConnectedService;
  controls: ConnectFormControls;
  tokenLabel: string;
  /** Where the admin makes the token and what it needs to be allowed; shown under the token field. */
  help: string;
  /** The service's own fields are filled in. */
  ready: boolean;
  /** Saves the connection with this token and the service's own fields. */
  save(apiToken: string): Promise<unknown>;
  children: ReactNode;
}) {
  const { service, controls } = props;
  const name = SERVICE_NAMES[service];
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    controls.connect(() => props.save(token));
    setToken(''); // the token lives in the server, sealed; never in the page longer than this
  };
  return (
    <form className="connection-form" onSubmit={submit} aria-label={`Connect ${name}`}>
      {props.children}
      <label>
        <span>{props.tokenLabel}</span>
        <input
          type="password"
          value={token}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setToken(e.target.value)}
          data-testid={`${service}-token-input`}
        />
      </label>
      <p className="muted small">{props.help}</p>
      <div className="toolbar">
        <button
          type="submit"
          className="button-primary"
          disabled={controls.busy || !props.ready || token.trim() === ''}
          data-testid={`${service}-connect`}
        >
          {controls.busy ? `Checking with ${name}…` : 'Connect'}
        </button>
        {controls.onCancel && (
          <button type="button" onClick={controls.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
