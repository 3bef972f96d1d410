import { TOKEN_BODY_LENGTH, TOKEN_PREFIX } from './token-format.js';

/** What an Authorization header holds, before any token lookup. */
export type PresentedCredential =
  | { kind: 'token'; secret: string; scheme: 'bearer' | 'none' }
  | { kind: 'missing'; hint: string }
  | { kind: 'malformed'; hint: string };

/** Longer candidates are refused before hashing; ours are prefix + 43 characters. */
const MAX_TOKEN_LENGTH = TOKEN_PREFIX.length + TOKEN_BODY_LENGTH + 200;
const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/; // printable ASCII without spaces

/**
 * Accepts `Bearer <token>` (scheme in any case) and the bare token (some Okta setups send it without a
 * scheme). Everything else is named precisely, because the wizard shows these hints to the admin.
 */
export function parseAuthorizationHeader(header: string | undefined): PresentedCredential {
  const value = header?.trim() ?? '';
  if (value === '') {
    return {
      kind: 'missing',
      // Both Okta screens take the token alone: the Clumio app's token field, or a custom app's Authorization
      // field under Authentication Mode HTTP Header; Okta sends "Bearer <token>" itself.
      hint:
        'The request has no Authorization header: no token was sent. In Okta, paste the SCIM Desk token alone into ' +
        "the app's token field (a custom SCIM app: Authentication Mode HTTP Header, then Authorization).",
    };
  }
  const parts = value.split(/\s+/);
  if (parts.length === 1) {
    if (/^bearer$/i.test(value)) {
      return {
        kind: 'missing',
        hint: 'The Authorization header says "Bearer" but holds no token: paste the SCIM Desk token into Okta again.',
      };
    }
    return candidate(value, 'none');
  }

  const scheme = parts[0] ?? '';
  if (/^bearer$/i.test(scheme)) {
    if (parts.length === 2) return candidate(parts[1] ?? '', 'bearer');
    if (parts.length === 3 && /^bearer$/i.test(parts[1] ?? '')) {
      return {
        kind: 'malformed',
        hint:
          'The token arrived as "Bearer Bearer …": Okta adds "Bearer " itself in HTTP Header mode, so paste ' +
          'the token alone, without the word Bearer.',
      };
    }
    return {
      kind: 'malformed',
      hint: 'The Authorization header has spaces inside the token: paste the token again, on one line and whole.',
    };
  }
  if (/^basic$/i.test(scheme)) {
    return {
      kind: 'malformed',
      hint:
        'The request uses Basic authentication, but SCIM Desk expects its token. In Okta, set Authentication Mode ' +
        'to HTTP Header (not Basic Auth) and paste the SCIM Desk token.',
    };
  }
  return {
    kind: 'malformed',
    hint:
      `The Authorization header uses the "${printableScheme(scheme)}" scheme; SCIM Desk expects "Bearer <token>" ` +
      'or the token alone. In Okta, set Authentication Mode to HTTP Header and paste the token.',
  };
}

function candidate(secret: string, scheme: 'bearer' | 'none'): PresentedCredential {
  if (secret.length > MAX_TOKEN_LENGTH || !TOKEN_CHARACTERS.test(secret)) {
    return {
      kind: 'malformed',
      hint: 'The token in the Authorization header is not a SCIM Desk token (wrong length or characters): paste it again.',
    };
  }
  return { kind: 'token', secret, scheme };
}

/** The scheme is client-controlled text that ends up in the UI: keep it short and plain. */
function printableScheme(scheme: string): string {
  const plain = scheme.replace(/[^A-Za-z0-9._-]/g, '?');
  return plain.length > 20 ? plain.slice(0, 20) + '…' : plain;
}
