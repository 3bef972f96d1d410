/**
 * The Okta SDK hides the HTTP answers behind its models and collections. The client runs each SDK call inside
 * a context, and the request executor (which sees every answer) notes there what evidence needs: the first
 * request's path, how many pages were fetched, the last status.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface OktaCallContext {
  firstPath: string | null;
  pages: number;
  lastStatus: number | null;
}

export const oktaCallContext = new AsyncLocalStorage<OktaCallContext>();

export function newCallContext(): OktaCallContext {
  return { firstPath: null, pages: 0, lastStatus: null };
}
