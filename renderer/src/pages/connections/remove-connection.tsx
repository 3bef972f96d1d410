import { useState } from 'react';

/** A connection's Remove button, asking once inline before its token is deleted. */
export function RemoveConnection({
  service,
  testId,
  busy,
  onRemove,
}: {
  /** The service's name as the question says it ("Okta", "Clumio"). */
  service: string;
  /** The prefix of the buttons' test ids (`<testId>`, `<testId>-confirm`). */
  testId: string;
  busy: boolean;
  onRemove: () => Promise<unknown>;
}) {
  const [removing, setRemoving] = useState(false);
  if (!removing) {
    return (
      <button type="button" className="button-danger" onClick={() => setRemoving(true)} data-testid={testId}>
        Remove
      </button>
    );
  }
  return (
    <span className="confirm-inline">
      Remove the {service} connection and delete its token?{' '}
      <button
        type="button"
        className="button-danger"
        disabled={busy}
        onClick={() => void onRemove().then(() => setRemoving(false))}
        data-testid={`${testId}-confirm`}
      >
        Remove
      </button>{' '}
      <button type="button" onClick={() => setRemoving(false)}>
        Keep
      </button>
    </span>
  );
}
