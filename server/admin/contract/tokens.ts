/** SCIM tokens as the admin manages them: never the secret, except once in the creation answer. */

/** `GET /api/tokens` → `ItemList<TokenInfo>` (newest first). `DELETE /api/tokens/:id` revokes: 204. */
export interface TokenInfo {
  id: string;
  label: string;
  /** The secret's recognisable start (e.g. `scimdesk_ab12`), so the admin can tell tokens apart. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedBy: string | null; // user agent of the last authenticated request
  expired: boolean;
}

/** The longest label `POST /api/tokens` accepts (server/auth/token-service.ts refuses longer ones). */
export const TOKEN_LABEL_MAX_LENGTH = 100;

/** `POST /api/tokens` body. */
export interface TokenCreateRequest {
  label: string;
  /** null: never expires. Must be in the future. */
  expiresAt: string | null;
}

/** `POST /api/tokens` → 201. The only time the secret is ever sent; it is stored as a hash. */
export interface TokenCreated {
  token: TokenInfo;
  secret: string;
}
