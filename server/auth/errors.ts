/** Errors of the token administration API (create, revoke). Authentication never throws: it returns AuthResult. */
export class TokenError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-input',
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}
