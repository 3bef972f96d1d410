/**
 * Compiles the store-neutral query (../query/types.ts) into SQL over the PostgreSQL schema, with the same
 * semantics as the in-memory evaluator (../query/evaluate.ts; the contract tests run both). Conditions on
 * userName, externalId, displayName, emails.value and meta.lastModified are written in the exact form of
 * their indexes (btree for eq and ranges, trigram GIN for sw/co/ew, a GIN array index for email equality);
 * everything else is evaluated by PostgreSQL on the JSONB data, never in this process.
 */
import type { Collection, CompareCondition, Condition, Field, PathStep, RecordQuery, SortKey } from '../query/types.js';

export type Table = 'scim_desk_users' | 'scim_desk_groups';

/** SQL text with $n placeholders and their values. */
export class SqlBuilder {
  readonly params: unknown[] = [];
  private aliases = 0;

  /** A fresh table alias. Numbered per statement: the same query gives the same text, so its prepared
   * statement is reused (a process-wide counter made every such statement new, parsed and planned again). */
  alias(prefix: string): string {
    return `${prefix}${++this.aliases}`;
  }

  param(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${this.params.length}::${cast}`;
  }
}

/** Escapes LIKE's wildcards (the default escape character is a backslash). */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Where a scope's values come from: a stored record (alias `r`), or one element (a jsonb expression). */
type Scope = { kind: 'record'; table: Table } | { kind: 'element'; element: string };

export function compileWhere(condition: Condition, table: Table, sql: SqlBuilder): string {
  return compile(condition, { kind: 'record', table }, sql);
}

function compile(condition: Condition, scope: Scope, sql: SqlBuilder): string {
  switch (condition.kind) {
    case 'true':
      return 'true';
    case 'false':
      return 'false';
    case 'and':
      return condition.conditions.length === 0
        ? 'true'
        : `(${condition.conditions.map((c) => compile(c, scope, sql)).join(' AND ')})`;
    case 'or':
      return condition.conditions.length === 0
        ? 'false'
        : `(${condition.conditions.map((c) => compile(c, scope, sql)).join(' OR ')})`;
    case 'not':
      return `(NOT ${compile(condition.condition, scope, sql)})`;
    case 'present':
      return someValue(condition.field, scope, sql, presentTest);
    case 'exists':
      return someValue(condition.field, scope, sql, (v) => `jsonb_typeof(${v}) <> 'null'`);
    case 'compare':
      return (
        (scope.kind === 'record' && indexedComparison(condition, scope.table, sql)) ||
        someValue(condition.field, scope, sql, (v) => valueComparison(condition, v, sql), condition)
      );
    case 'any':
      return anyElement(condition.collection, condition.condition, scope, sql);
  }
}

/**
 * "Non-empty", as `scim_desk_present` decides it, with its PL/pgSQL call only for objects and arrays: a string,
 * number or boolean (what `pr` meets nearly always) is decided inline, which a scan of every row feels.
 */
function presentTest(value: string): string {
  return `(CASE jsonb_typeof(${value}) WHEN 'string' THEN ${value} <> '""'::jsonb WHEN 'object' THEN scim_desk_present(${value})
    WHEN 'array' THEN scim_desk_present(${value}) WHEN 'null' THEN false ELSE ${value} IS NOT NULL END)`;
}

const recordColumn = {
  id: 'r.id',
  created: 'r.created',
  lastModified: 'r.last_modified',
  version: 'r.version',
  origin: 'r.origin',
} as const;

/**
 * "Some value of `field` satisfies `test`", with each value as a jsonb expression. A path without multi-valued
 * steps is one expression (missing is SQL NULL, which coalesces to false); one with them walks the arrays.
 */
function someValue(
  field: Field,
  scope: Scope,
  sql: SqlBuilder,
  test: (value: string) => string,
  compare?: CompareCondition,
): string {
  if (field.kind !== 'data') {
    if (scope.kind !== 'record') return 'false';
    if (compare && (field.kind === 'created' || field.kind === 'lastModified') && !compare.affix) {
      // NOT NULL columns compared with a value: never NULL, and bare, so the column's index serves it.
      return canonicalTimeComparison(compare, recordColumn[field.kind], sql);
    }
    return `coalesce(${test(`to_jsonb(${recordColumn[field.kind]})`)}, false)`;
  }
  const base = scope.kind === 'record' ? 'r.data' : scope.element;
  if (!field.path.some((step) => step.multiValued)) return `coalesce(${test(jsonPath(base, field.path))}, false)`;
  // Walk: every value at each step (arrays element by element).
  const from: string[] = [];
  let current = base;
  field.path.forEach((step) => {
    const name = sql.alias('v');
    from.push(`scim_desk_values(${current} -> ${quote(step.name)}) AS ${name}(value)`);
    current = `${name}.value`;
  });
  if (field.path.length === 0) from.push(`scim_desk_values(${base}) AS ${sql.alias('v')}(value)`);
  return `EXISTS (SELECT 1 FROM ${from.join(', ')} WHERE coalesce(${test(current)}, false))`;
}

function jsonPath(base: string, path: readonly PathStep[]): string {
  if (path.length === 0) return base;
  return `(${base} #> ${quote(`{${path.map((step) => jsonPathKey(step.name)).join(',')}}`)})`;
}

function jsonPathKey(name: string): string {
  return /^[A-Za-z0-9_$:.-]+$/.test(name) && !name.includes(',')
    ? name
    : `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** A SQL string literal. */
export function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A comparison of one jsonb value. */
function valueComparison(condition: CompareCondition, value: string, sql: SqlBuilder): string {
  const { op, type } = condition;
  const distinct = (left: string, right: string) =>
    op === 'ne' ? `(${left} IS DISTINCT FROM ${right})` : `(${left} ${SQL_OPS[op]} ${right})`;
  switch (type) {
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne') return 'false';
      const wanted = toBooleanValue(condition.value);
      if (wanted === undefined) return op === 'ne' ? 'true' : 'false';
      return distinct(`scim_desk_boolean(${value})`, sql.param(wanted, 'boolean'));
    }
    case 'number': {
      if (!(op in SQL_OPS)) return 'false';
      const wanted = toNumberValue(condition.value);
      if (wanted === undefined) return op === 'ne' ? 'true' : 'false';
      return distinct(`scim_desk_number(${value})`, sql.param(String(wanted), 'numeric'));
    }
    case 'dateTime': {
      if (!(op in SQL_OPS)) return 'false';
      const ms = typeof condition.value === 'string' ? Date.parse(condition.value) : NaN;
      if (Number.isNaN(ms)) return op === 'ne' ? 'true' : 'false';
      return distinct(`scim_desk_instant(${value})`, sql.param(new Date(ms).toISOString(), 'timestamptz'));
    }
    default:
      return textComparison(condition, textOf(condition, `scim_desk_text(${value})`), sql);
  }
}

const SQL_OPS: Partial<Record<CompareCondition['op'], string>> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};

function foldsCase(condition: CompareCondition): boolean {
  return !condition.caseExact && condition.type !== 'binary';
}

/** The compared text of a value: affixed, then folded unless case matters. */
function textOf(condition: CompareCondition, text: string): string {
  const affixed = condition.affix
    ? `(${quote(condition.affix.prefix)} || ${text} || ${quote(condition.affix.suffix)})`
    : text;
  return foldsCase(condition) ? `lower(${affixed})` : affixed;
}

function wantedText(condition: CompareCondition): string {
  const text = typeof condition.value === 'string' ? condition.value : String(condition.value);
  return foldsCase(condition) ? text.toLowerCase() : text;
}

/** `text <op> wanted`: LIKE for substrings, code point order (COLLATE "C") for ranges. */
function textComparison(condition: CompareCondition, text: string, sql: SqlBuilder): string {
  const wanted = wantedText(condition);
  switch (condition.op) {
    case 'co':
      return `(${text} LIKE ${sql.param(`%${likeEscape(wanted)}%`, 'text')})`;
    case 'sw':
      return `(${text} LIKE ${sql.param(`${likeEscape(wanted)}%`, 'text')})`;
    case 'ew':
      return `(${text} LIKE ${sql.param(`%${likeEscape(wanted)}`, 'text')})`;
    case 'eq':
      return `(${text} = ${sql.param(wanted, 'text')})`;
    case 'ne':
      return `(${text} IS DISTINCT FROM ${sql.param(wanted, 'text')})`;
    default:
      return `(${text} COLLATE "C" ${SQL_OPS[condition.op]} ${sql.param(wanted, 'text')} COLLATE "C")`;
  }
}

/**
 * created and lastModified are stored in one canonical ISO 8601 form (`toISOString`), whose text order is the
 * instants' order, so instants compare as text and a btree index serves eq, ranges and prefixes.
 */
function canonicalTimeComparison(condition: CompareCondition, column: string, sql: SqlBuilder): string {
  if (condition.type === 'dateTime') {
    const ms = typeof condition.value === 'string' ? Date.parse(condition.value) : NaN;
    if (Number.isNaN(ms)) return condition.op === 'ne' ? 'true' : 'false';
    const op = SQL_OPS[condition.op];
    if (!op) return 'false';
    return `(${column} ${op} ${sql.param(new Date(ms).toISOString(), 'text')})`;
  }
  if (condition.type !== 'string') return 'false';
  // The canonical text has upper-case letters only (T, Z): folding both sides equals upper-casing the pattern.
  const wanted = typeof condition.value === 'string' ? condition.value : String(condition.value);
  const pattern = condition.caseExact ? wanted : wanted.toUpperCase();
  return textComparison({ ...condition, value: pattern, caseExact: true }, column, sql);
}

// ---- the indexed forms ----

/**
 * A comparison that is false, not NULL, when the attribute is missing (so that NOT works), in a form the
 * planner still matches to the expression's index: `coalesce(comparison, false)` hides the indexed
 * expression from it (a sequential scan per lookup); `comparison AND text IS NOT NULL` does not, and since
 * `NULL AND false` is false it is never NULL.
 */
function definite(comparison: string, text: string): string {
  return `(${comparison} AND (${text}) IS NOT NULL)`;
}

function indexedComparison(condition: CompareCondition, table: Table, sql: SqlBuilder): string | undefined {
  const { field } = condition;
  if (field.kind !== 'data' || condition.affix || condition.type !== 'string') return undefined;
  const path = field.path;
  const users = table === 'scim_desk_users';
  if (path.length === 1 && !path[0]!.multiValued) {
    const name = path[0]!.name;
    const folded = !condition.caseExact;
    if ((name === 'userName' && users) || name === 'displayName') {
      if (!folded) return undefined;
      return definite(textComparison(condition, `lower(r.data ->> ${quote(name)})`, sql), `r.data ->> ${quote(name)}`);
    }
    if (name === 'externalId') {
      const text = folded ? `lower(r.data ->> 'externalId')` : `(r.data ->> 'externalId')`;
      return definite(textComparison(condition, text, sql), `r.data ->> 'externalId'`);
    }
    return undefined;
  }
  if (
    users &&
    path.length === 2 &&
    path[0]!.name === 'emails' &&
    path[0]!.multiValued &&
    path[1]!.name === 'value' &&
    !condition.caseExact
  ) {
    const wanted = wantedText(condition);
    if (condition.op === 'eq') return `(scim_desk_email_values(r.data) @> ARRAY[${sql.param(wanted, 'text')}])`;
    if ((condition.op === 'co' || condition.op === 'sw' || condition.op === 'ew') && !wanted.includes('\n')) {
      // The trigram index on all addresses joined narrows the rows; the exact test runs on those.
      const narrow = `scim_desk_email_text(r.data) LIKE ${sql.param(`%${likeEscape(wanted)}%`, 'text')}`;
      return `(${narrow} AND EXISTS (SELECT 1 FROM unnest(scim_desk_email_values(r.data)) AS e(value) WHERE ${textComparison(condition, 'e.value', sql)}))`;
    }
    return undefined;
  }
  return undefined;
}

// ---- collections ----

function anyElement(collection: Collection, inner: Condition, scope: Scope, sql: SqlBuilder): string {
  if (collection.kind === 'data') {
    const base = scope.kind === 'record' ? 'r.data' : scope.element;
    const from: string[] = [];
    let current = base;
    for (const step of collection.path) {
      const name = sql.alias('c');
      from.push(`scim_desk_values(${current} -> ${quote(step.name)}) AS ${name}(value)`);
      current = `${name}.value`;
    }
    if (collection.path.length === 0) {
      const name = sql.alias('c');
      from.push(`scim_desk_values(${base}) AS ${name}(value)`);
      current = `${name}.value`;
    }
    return `EXISTS (SELECT 1 FROM ${from.join(', ')} WHERE ${compile(inner, { kind: 'element', element: current }, sql)})`;
  }
  if (scope.kind !== 'record') return 'false';
  const m = sql.alias('m');
  if (collection.kind === 'members') {
    if (scope.table !== 'scim_desk_groups') return 'false';
    const element = `jsonb_strip_nulls(jsonb_build_object('value', ${m}.member_id, 'type', ${m}.member_type, 'display', coalesce(to_jsonb(${m}.display), ${m}u.data -> 'displayName', ${m}u.data -> 'userName', ${m}g.data -> 'displayName')))`;
    return `EXISTS (SELECT 1 FROM scim_desk_memberships ${m}
      LEFT JOIN scim_desk_users ${m}u ON ${m}u.id = ${m}.user_member
      LEFT JOIN scim_desk_groups ${m}g ON ${m}g.id = ${m}.group_member
      CROSS JOIN LATERAL (SELECT ${element} AS value) AS ${m}e
      WHERE ${m}.group_id = r.id AND ${compile(inner, { kind: 'element', element: `${m}e.value` }, sql)})`;
  }
  if (scope.table !== 'scim_desk_users') return 'false';
  const element = `jsonb_strip_nulls(jsonb_build_object('value', ${m}g.id, 'type', 'direct', 'display', ${m}g.data -> 'displayName'))`;
  return `EXISTS (SELECT 1 FROM scim_desk_memberships ${m}
    JOIN scim_desk_groups ${m}g ON ${m}g.id = ${m}.group_id
    CROSS JOIN LATERAL (SELECT ${element} AS value) AS ${m}e
    WHERE ${m}.member_id = r.id AND ${compile(inner, { kind: 'element', element: `${m}e.value` }, sql)})`;
}

// ---- sorting and paging ----

export function compileOrder(sort: SortKey | undefined): string {
  if (!sort) return 'r.ord';
  const key = sortExpression(sort);
  return sort.descending ? `${key} DESC NULLS FIRST, r.ord` : `${key} ASC NULLS LAST, r.ord`;
}

function sortExpression(sort: SortKey): string {
  const { field, type } = sort;
  if (field.kind === 'created' || field.kind === 'lastModified') return recordColumn[field.kind]; // canonical: text order is time order
  if (field.kind === 'version') return type === 'number' ? 'r.version' : `r.version::text COLLATE "C"`;
  let value: string;
  if (field.kind === 'id' || field.kind === 'origin') value = `to_jsonb(${recordColumn[field.kind]})`;
  else {
    value = 'r.data';
    for (const step of field.path) {
      value = `(${value} -> ${quote(step.name)})`;
      if (step.multiValued) value = `scim_desk_primary_or_first(${value})`;
    }
  }
  switch (type) {
    case 'number':
      return `scim_desk_number(${value})`;
    case 'dateTime':
      return `scim_desk_instant(${value})`;
    case 'boolean':
      return `scim_desk_boolean(${value})`;
    default: {
      const text = `scim_desk_text(${value})`;
      return `nullif(${sort.caseExact || type === 'binary' ? text : `lower(${text})`}, '') COLLATE "C"`;
    }
  }
}

/**
 * One page of a listing and the total, in one statement (one round trip), also when the page is empty. The
 * count and the page are separate subqueries over the same condition: the count reads only what the
 * condition's index gives (or the smallest index), the page only its rows in order (`ord`'s index for the
 * default order), and neither carries the other's work (a `count(*) OVER ()` beside the page would sort and
 * carry every matching row's data to return a hundred). With `withGroups`, each user row also has the
 * groups it belongs to (`groups`: JSON `[[id, displayName], …]` in membership order), so a page of users
 * and their groups is still one statement.
 */
export function compileListing(
  table: Table,
  query: RecordQuery,
  options: { withGroups?: boolean } = {},
): { text: string; params: unknown[] } {
  const sql = new SqlBuilder();
  const where = query.where ? compileWhere(query.where, table, sql) : 'true';
  if (query.limit <= 0) return { text: `SELECT count(*) AS total FROM ${table} r WHERE ${where}`, params: sql.params };
  const limit = sql.param(query.limit, 'bigint');
  const offset = sql.param(query.offset, 'bigint');
  // The groups are read for the page's rows only, outside the paged subquery: PostgreSQL computes a subquery's
  // select list for the rows OFFSET skips too. The join of one count row with the ordered page keeps the
  // page's order (a nested loop over the page, the only plan for a lateral subquery of one outer row).
  const text = `SELECT t.total, p.*${options.withGroups ? `, ${groupsOf('p')} AS groups` : ''}
    FROM (SELECT count(*) AS total FROM ${table} r WHERE ${where}) AS t
    LEFT JOIN LATERAL (SELECT r.id, r.data, r.created, r.last_modified, r.version, r.origin FROM ${table} r WHERE ${where}
      ORDER BY ${compileOrder(query.sort)} LIMIT ${limit} OFFSET ${offset}) AS p ON true`;
  return { text, params: sql.params };
}

/** The groups of the user `user` (a table alias) as JSON pairs `[id, displayName]`, in the order the memberships were made. */
export function groupsOf(user: string): string {
  return `(SELECT coalesce(jsonb_agg(jsonb_build_array(g.id, g.data ->> 'displayName') ORDER BY m.ord), '[]'::jsonb)
    FROM scim_desk_memberships m JOIN scim_desk_groups g ON g.id = m.group_id WHERE m.member_id = ${user}.id)`;
}

function toBooleanValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && (value.toLowerCase() === 'true' || value.toLowerCase() === 'false'))
    return value.toLowerCase() === 'true';
  return undefined;
}

function toNumberValue(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
