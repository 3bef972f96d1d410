/** Loading, error and empty states: every page says what is happening and what to do next. */
import type { ReactNode } from 'react';
import { ApiFailure, errorMessage } from '../api/errors';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  // A rejected session is said once, by the app's session banner, not again by every part of the page.
  if (error instanceof ApiFailure && (error.apiError('unauthorized') || error.apiError('too_many_attempts')))
    return null;
  return (
    <div className="notice notice-error" role="alert" data-testid="error-message">
      {title && <strong>{title} </strong>}
      {errorMessage(error)}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <h3>{title}</h3>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

export function Notice({
  tone,
  children,
  testId,
}: {
  tone: 'info' | 'warning' | 'error' | 'success';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}
