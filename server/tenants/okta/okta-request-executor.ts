/**
 * How the Okta SDK's requests reach the network. The SDK's own `DefaultRequestExecutor` only reacts to a 429
 * after the fact, waits on the real clock for as long as Okta says, and bounds a request with node-fetch's
 * timer; SCIM Desk needs to stay inside the budget Okta announces, to bound every wait, and to let tests drive
 * time. The SDK takes a request executor for exactly this, so the calls themselves stay the SDK's.
 */
import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import type { Clock } from '../../time/clock.js';
import { Deadline } from '../deadline.js';
import { oktaCallContext } from './okta-call-context.js';
import { RateBudget, rateLimitBucket, type RateLimitHeaders } from './okta-rate-budget.js';

export interface OktaExecutorOptions {
  clock: Clock;
  /** Bound on one request, answer body included. */
  timeoutMs: number;
  /** 429s retried per request before giving up. */
  maxRetries: number;
  /** Longest wait for a rate-limit reset; a longer one fails the call as `rate_limited` instead. */
  maxRateLimitWaitMs: number;
}

/** The budget would need a longer wait than allowed: the call fails now, saying when to retry. */
export class RateLimitWaitTooLong extends Error {
  constructor(readonly retryAt: number) {
    super('the rate-limit budget is used up');
    this.name = 'RateLimitWaitTooLong';
  }
}

/** A request ran past its deadline (the SDK then sees node-fetch's AbortError, or this). */
export class OktaDeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'OktaDeadlineExceeded';
  }
}

/** The slice of node-fetch's Response this executor reads. */
interface FetchResponse {
  status: number;
  headers: RateLimitHeaders;
  body: NodeJS.ReadableStream | null;
  text(): Promise<string>;
}

// When a 429 carries no reset header (a concurrency refusal can), back off like this.
const FALLBACK_BACKOFF_MS = 1000;

export class OktaRequestExecutor extends RequestExecutor {
  readonly budget: RateBudget;

  constructor(private readonly options: OktaExecutorOptions) {
    super();
    this.budget = new RateBudget(options.clock);
  }

  // The SDK passes node-fetch options: url, method, headers (Authorization included), body, agent.
  override async fetch(request: Parameters<RequestExecutor['fetch']>[0]): Promise<never> {
    // The SDK attaches an HttpsProxyAgent from HTTPS_PROXY to every request, http ones included, which breaks
    // loopback and was never chosen by the admin: SCIM Desk connects directly (docs/real-tenants.md).
    delete request.agent;
    const url = new URL(String(request.url));
    const bucket = rateLimitBucket(String((request as { method?: string }).method ?? 'GET'), url.pathname);
    const context = oktaCallContext.getStore();
    if (context && context.firstPath === null) context.firstPath = url.pathname + url.search;
    for (let refusals = 0; ; refusals += 1) {
      await this.waitForBudget(bucket);
      this.budget.take(bucket);
      const response = await this.send(request);
      this.budget.observe(bucket, response.headers);
      if (response.status === 429 && refusals < this.options.maxRetries) {
        const delay = this.budget.delayAfterRefusal(response.headers) ?? FALLBACK_BACKOFF_MS * 2 ** refusals;
        if (delay <= this.options.maxRateLimitWaitMs) {
          await response.text(); // release the connection before waiting
          await this.options.clock.sleep(delay);
          continue;
        }
      }
      if (context) {
        context.pages += 1;
        context.lastStatus = response.status;
      }
      return response as never;
    }
  }

  private async waitForBudget(bucket: string): Promise<void> {
    const wait = this.budget.waitBefore(bucket);
    if (wait === 0) return;
    if (wait > this.options.maxRateLimitWaitMs) throw new RateLimitWaitTooLong(this.options.clock.now() + wait);
    await this.options.clock.sleep(wait);
  }

  private async send(request: Parameters<RequestExecutor['fetch']>[0]): Promise<FetchResponse> {
    const deadline = new Deadline(this.options.clock, this.options.timeoutMs);
    (request as { signal?: AbortSignal }).signal = deadline.signal;
    let response: FetchResponse;
    try {
      response = (await super.fetch(request)) as FetchResponse;
    } catch (error) {
      deadline.clear();
      if (deadline.timedOut) throw new OktaDeadlineExceeded(this.options.timeoutMs);
      throw error;
    }
    // The deadline covers the body too: it ends when the SDK has read it (or when reading it fails).
    const body = response.body;
    if (!body) deadline.clear();
    else for (const event of ['end', 'close', 'error']) body.once(event, () => deadline.clear());
    return response;
  }
}
