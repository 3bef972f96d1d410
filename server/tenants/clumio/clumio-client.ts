/**
 * The Clumio REST API calls SCIM Desk makes: auto user provisioning rules (read and write), the auto user
 * provisioning setting, roles, organizational units, users with their roles per OU, and the audit trail.
 * Clumio publishes no Node SDK; this follows its Go and Python SDKs (paths, media types, envelopes, paging).
 */
import type { Rule, RuleBody } from '../../rules/rule.js';
import type { Answer, ApiCall } from '../api-call.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { parseServiceUrl } from '../service-url.js';
import { TenantApiError } from '../tenant-error.js';
import { ClumioHttp, type ClumioAnswer } from './clumio-http.js';
import { CLUMIO_OPERATIONS, type ClumioOperationName } from './clumio-operations.js';
import {
  ClumioShapeError,
  readAuditTrail,
  readAutoUserProvisioning,
  readItems,
  readNextStart,
  readOrganizationalUnit,
  readRole,
  readRule,
  readUser,
  type ClumioAuditTrail,
  type ClumioAutoUserProvisioning,
  type ClumioOrganizationalUnit,
  type ClumioRole,
  type ClumioUser,
} from './clumio-types.js';

export interface ClumioClientOptions {
  /** One of the regional API hosts (service-url.ts) or any https URL (http only for loopback). */
  baseUrl: string;
  apiToken: string;
  /** The OU to act in (`x-clumio-organizationalunit-context`); default: none, sent empty. */
  organizationalUnitContext?: string;
  clock?: Clock;
  /** Bound on one request (default 15 s). */
  timeoutMs?: number;
  /** 429s retried per request (default 3). */
  maxRetries?: number;
  /** First backoff after a 429, doubling per retry (default 1 s), each at most `maxBackoffMs` (default 8 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Items asked for per page (default 100). */
  pageSize?: number;
  fetch?: typeof fetch;
}

// A list that keeps pointing to further pages after this many is treated as broken rather than followed forever.
const MAX_PAGES = 1000;

export class ClumioClient {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly #http: ClumioHttp;
  private readonly pageSize: number;

  constructor(options: ClumioClientOptions) {
    this.baseUrl = parseServiceUrl('clumio', options.baseUrl);
    if (!options.apiToken.trim()) {
      throw new TenantApiError({
        service: 'clumio',
        kind: 'unauthorized',
        operation: 'connect to Clumio',
        serviceMessage: 'no API token was given',
      });
    }
    this.clock = options.clock ?? systemClock;
    this.pageSize = options.pageSize ?? 100;
    this.#http = new ClumioHttp(
      {
        baseUrl: this.baseUrl,
        organizationalUnitContext: options.organizationalUnitContext ?? '',
        clock: this.clock,
        timeoutMs: options.timeoutMs ?? 15_000,
        maxRetries: options.maxRetries ?? 3,
        backoffMs: options.backoffMs ?? 1000,
        maxBackoffMs: options.maxBackoffMs ?? 8000,
        fetch: options.fetch ?? globalThis.fetch,
      },
      options.apiToken.trim(),
    );
  }

  listRules(): Promise<Answer<Rule[]>> {
    return this.list('listRules', readRule, { limit: String(this.pageSize) });
  }

  createRule(rule: RuleBody): Promise<Answer<Rule>> {
    return this.one('createRule', CLUMIO_OPERATIONS.createRule.path, readRule, ruleBody(rule));
  }

  /** Clumio's PUT replaces the rule: name, condition and provision are all sent. */
  updateRule(ruleId: string, rule: RuleBody): Promise<Answer<Rule>> {
    return this.one('updateRule', rulePath(ruleId), readRule, ruleBody(rule));
  }

  deleteRule(ruleId: string): Promise<Answer<null>> {
    return this.one('deleteRule', rulePath(ruleId), () => null);
  }

  readAutoUserProvisioning(): Promise<Answer<ClumioAutoUserProvisioning>> {
    return this.one(
      'readAutoUserProvisioning',
      CLUMIO_OPERATIONS.readAutoUserProvisioning.path,
      readAutoUserProvisioning,
    );
  }

  setAutoUserProvisioning(isEnabled: boolean): Promise<Answer<ClumioAutoUserProvisioning>> {
    return this.one(
      'updateAutoUserProvisioning',
      CLUMIO_OPERATIONS.updateAutoUserProvisioning.path,
      readAutoUserProvisioning,
      {
        is_enabled: isEnabled,
      },
    );
  }

  /** Roles are not paged (the SDKs send no limit or start). */
  listRoles(): Promise<Answer<ClumioRole[]>> {
    return this.list('listRoles', readRole, {});
  }

  listOrganizationalUnits(): Promise<Answer<ClumioOrganizationalUnit[]>> {
    return this.list('listOrganizationalUnits', readOrganizationalUnit, { limit: String(this.pageSize) });
  }

  listUsers(): Promise<Answer<ClumioUser[]>> {
    return this.list('listUsers', readUser, { limit: String(this.pageSize) });
  }

  /** Audit trail entries of a category (e.g. "users") since a time. */
  listAuditTrails(filter: { since: Date; categories?: readonly string[] }): Promise<Answer<ClumioAuditTrail[]>> {
    const json: Record<string, unknown> = { start_timestamp: { $gte: filter.since.toISOString() } };
    if (filter.categories?.length) json.category = { $in: filter.categories };
    return this.list('listAuditTrails', readAuditTrail, { limit: String(this.pageSize), filter: JSON.stringify(json) });
  }

  private async one<T>(
    name: ClumioOperationName,
    path: string,
    read: (body: unknown) => T,
    body?: unknown,
  ): Promise<Answer<T>> {
    const operation = CLUMIO_OPERATIONS[name];
    const answer = await this.#http.send(operation, path, { body });
    return { value: this.parse(name, answer, () => read(answer.body)), call: this.callOf(name, answer, 1) };
  }

  /** Follows `_links._next` (its `start=`) to the last page. */
  private async list<T>(
    name: ClumioOperationName,
    read: (item: unknown) => T,
    query: Record<string, string>,
  ): Promise<Answer<T[]>> {
    const operation = CLUMIO_OPERATIONS[name];
    const items: T[] = [];
    const seen = new Set<string>();
    let first: ClumioAnswer | null = null;
    let start: string | null = null;
    for (let pages = 1; pages <= MAX_PAGES; pages += 1) {
      const answer: ClumioAnswer = await this.#http.send(operation, operation.path, {
        query: start === null ? query : { ...query, start },
      });
      first ??= answer;
      const next = this.parse(name, answer, () => {
        items.push(...readItems(answer.body).map(read));
        return readNextStart(answer.body);
      });
      if (next === null || seen.has(next)) {
        return { value: items, call: { ...this.callOf(name, answer, pages), path: first.path } };
      }
      seen.add(next);
      start = next;
    }
    throw new TenantApiError({
      service: 'clumio',
      kind: 'bad_response',
      operation: operation.does,
      method: operation.method,
      path: first?.path ?? operation.path,
      serviceMessage: `the list did not end after ${MAX_PAGES} pages`,
    });
  }

  private parse<T>(name: ClumioOperationName, answer: ClumioAnswer, read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ClumioShapeError)) throw error;
      const operation = CLUMIO_OPERATIONS[name];
      throw new TenantApiError({
        service: 'clumio',
        kind: 'bad_response',
        operation: operation.does,
        method: operation.method,
        path: answer.path,
        host: new URL(this.baseUrl).host,
        status: answer.status,
        serviceMessage: `the answer does not have the shape of Clumio's API (${error.message})`,
      });
    }
  }

  private callOf(name: ClumioOperationName, answer: ClumioAnswer, pages: number): ApiCall {
    const operation = CLUMIO_OPERATIONS[name];
    return {
      service: 'clumio',
      operation: operation.does,
      method: operation.method,
      path: answer.path,
      status: answer.status,
      pages,
      at: new Date(answer.at).toISOString(),
    };
  }
}

function rulePath(ruleId: string): string {
  return `${CLUMIO_OPERATIONS.listRules.path}/${encodeURIComponent(ruleId)}`;
}

/** Exactly the fields Clumio takes: a rule read back (with rule_id, _links) is sent without them. */
function ruleBody(rule: RuleBody): RuleBody {
  return {
    name: rule.name,
    condition: rule.condition,
    provision: {
      role_id: rule.provision.role_id,
      organizational_unit_ids: [...rule.provision.organizational_unit_ids],
    },
  };
}
