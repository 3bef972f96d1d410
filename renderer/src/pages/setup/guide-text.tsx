/**
 * A step's instructions as the server sends them (the identity profile's words): a line of text, or a menu
 * path. Text may mark **bold** (a button or field as the console names it), `code`, and {base-url} (the SCIM
 * base URL to paste, with a copy button).
 */
import { Fragment, type ReactNode } from 'react';
import type { GuideLine } from '../../../../server/admin/contract';
import { ConsolePath } from '../../components/console-path';
import { CopyButton } from '../../components/copy-button';

export interface BaseUrlContext {
  /** The base URL to paste into the identity provider: the public one when known. */
  baseUrl: string | null;
  baseUrlIsPublic: boolean;
  /** The identity provider's short name ("Okta"). */
  idp: string;
}

function BaseUrl({ context }: { context: BaseUrlContext }) {
  if (context.baseUrl === null) return <span className="muted">(start a tunnel or set your own URL in step 1)</span>;
  return (
    <span className="copy-line inline-copy">
      <code data-testid="guide-base-url">{context.baseUrl}</code>
      <CopyButton text={context.baseUrl} what="SCIM base URL" />
      {!context.baseUrlIsPublic && (
        <span className="muted small">local only: {context.idp} cannot reach it, use step 1 for a public URL</span>
      )}
    </span>
  );
}

const TOKENS = /(\*\*[^*]+\*\*|`[^`]+`|\{base-url\})/g;

/** One line's text with its marks. */
export function GuideText({ text, context }: { text: string; context: BaseUrlContext }) {
  const parts: ReactNode[] = text.split(TOKENS).map((part, index) => {
    if (part === '{base-url}') return <BaseUrl key={index} context={context} />;
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={index}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return <code key={index}>{part.slice(1, -1)}</code>;
    return <Fragment key={index}>{part}</Fragment>;
  });
  return <>{parts}</>;
}

export function GuideLineView({ line, context }: { line: GuideLine; context: BaseUrlContext }) {
  if (typeof line === 'string') return <GuideText text={line} context={context} />;
  return (
    <ConsolePath
      steps={line.path.map((part, index) => (
        <GuideText key={index} text={part} context={context} />
      ))}
    />
  );
}
