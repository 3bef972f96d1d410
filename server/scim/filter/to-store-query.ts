/**
 * Translates a SCIM filter, sortBy and page (RFC 7644 §3.4.2) into the store's neutral query
 * (server/store/query/types.ts), resolving every attribute against the schema here so the store knows no SCIM.
 *
 * The result selects exactly what `compileFilter` selects on the rendered resources, and fails with the same
 * 400 errors (the unit tests check both on the same data). How SCIM attributes map onto stored records:
 * - core attributes and `externalId` are keys of `data`, extension attributes sit under their schema URN;
 * - `id`, `meta.created`, `meta.lastModified` are record fields; `meta.version` (`W/"n"`) is the record's
 *   version with an affix; `meta.location` and `$ref` are the id with the URL in front; `meta.resourceType`
 *   is a constant, decided here;
 * - a user's `groups` and a group's `members` are the store's membership collections.
 */
import { ScimError } from '../errors.js';
import type { AttributeDefinition, ResourceTypeDefinition } from '../schemas/index.js';
import type {
  Collection,
  CompareCondition,
  Condition,
  Field,
  PathStep,
  RecordQuery,
  SortKey,
  ValueType,
} from '../../store/query/types.js';
import { compileCondition } from '../../store/query/evaluate.js';
import { toBoolean, toInstant, toNumber, toText } from '../../store/query/values.js';
import type { CompareOperator, FilterNode, FilterValue } from './ast.js';
import { parseAttributePath } from './parser.js';
import type { ResolvedPath, Scope } from './resolve.js';
import { displayName, leafOf, resolvePath, withValueDefault } from './resolve.js';

export interface StoreQueryContext {
  /** The SCIM base URL the resources are rendered with (`meta.location` and `$ref` start with it). */
  baseUrl: string;
}

export interface ScimListParameters {
  filter?: FilterNode;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
  /** 1-based (RFC 7644 §3.4.2.4). */
  startIndex: number;
  count: number;
}

const TRUE: Condition = { kind: 'true' };
const FALSE: Condition = { kind: 'false' };

/** The store query of a SCIM list request: filter, sort and page. */
export function toStoreQuery(
  params: ScimListParameters,
  type: ResourceTypeDefinition,
  context: StoreQueryContext,
): RecordQuery {
  const query: RecordQuery = { offset: Math.max(0, params.startIndex - 1), limit: Math.max(0, params.count) };
  if (params.filter) query.where = toStoreCondition(params.filter, type, context);
  if (params.sortBy) {
    const sort = toStoreSort(params.sortBy, params.sortOrder, type);
    if (sort) query.sort = sort;
  }
  return query;
}

/** Where a filter leaf is resolved: at the top of a resource, or inside one element of a complex attribute. */
type TranslationScope =
  | { kind: 'resource'; type: ResourceTypeDefinition }
  | { kind: 'element'; parent: AttributeDefinition; membership: 'members' | 'groups' | undefined };

export function toStoreCondition(
  node: FilterNode,
  type: ResourceTypeDefinition,
  context: StoreQueryContext,
): Condition {
  return translate(node, { kind: 'resource', type }, context);
}

/**
 * A value filter over ONE element of the complex attribute `parent` (`emails[type eq "work"]`,
 * `members[display eq "x"]`): the condition's fields are relative to the element. `membership` says the
 * elements are a group's members or a user's groups (their `$ref` is built from the id).
 */
export function toElementCondition(
  node: FilterNode,
  parent: AttributeDefinition,
  context: StoreQueryContext,
  membership?: 'members' | 'groups',
): Condition {
  if (parent.type !== 'complex') {
    throw new ScimError(
      400,
      'invalidFilter',
      `${parent.name} is not complex; a value filter needs sub-attributes to test`,
    );
  }
  return translate(node, { kind: 'element', parent, membership }, context);
}

function translate(node: FilterNode, scope: TranslationScope, context: StoreQueryContext): Condition {
  switch (node.kind) {
    case 'and':
    case 'or':
      return {
        kind: node.kind,
        conditions: flatten(node, node.kind).map((operand) => translate(operand, scope, context)),
      };
    case 'not':
      return { kind: 'not', condition: translate(node.filter, scope, context) };
    case 'present': {
      const resolved = resolveIn(scope, node.path);
      if (!resolved) return FALSE;
      return leafCondition(target(resolved, scope, context), { kind: 'present' });
    }
    case 'compare':
      return translateComparison(node, scope, context);
    case 'valuePath':
      return translateValuePath(node, scope, context);
  }
}

function flatten(node: FilterNode, kind: 'and' | 'or'): FilterNode[] {
  const operands: FilterNode[] = [];
  const stack: FilterNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.kind === kind) stack.push(current.right, current.left);
    else operands.push(current);
  }
  return operands;
}

function resolveIn(scope: TranslationScope, path: Parameters<typeof resolvePath>[1]): ResolvedPath | undefined {
  const filterScope: Scope =
    scope.kind === 'resource' ? { kind: 'resource', type: scope.type } : { kind: 'element', parent: scope.parent };
  return resolvePath(filterScope, path);
}

// ---- targets: where a resolved attribute's values are in the store ----

/** A leaf's values: a field, possibly inside a membership collection, or a constant (`meta.resourceType`). */
type Target =
  | { kind: 'field'; collection: Collection | undefined; field: Field; affix?: { prefix: string; suffix: string } }
  /** `$ref` of a group member (inside the members collection when given): the URL depends on the member's type. */
  | { kind: 'memberRef'; baseUrl: string; collection: Collection | undefined }
  | { kind: 'constant'; value: string };

const step = (attribute: AttributeDefinition): PathStep => ({
  name: attribute.name,
  multiValued: attribute.multiValued,
});

function target(resolved: ResolvedPath, scope: TranslationScope, context: StoreQueryContext): Target {
  const { container, attribute, subAttribute } = resolved;
  if (scope.kind === 'element') {
    // Inside `attr[...]`: `attribute` is a sub-attribute of the element.
    if (scope.membership) return membershipField(scope.membership, attribute.name, undefined, context);
    return { kind: 'field', collection: undefined, field: { kind: 'data', path: [step(attribute)] } };
  }
  const type = scope.type;
  if (container === undefined) {
    const name = attribute.name;
    if (name === 'id') return { kind: 'field', collection: undefined, field: { kind: 'id' } };
    if (name === 'meta' && subAttribute) return metaTarget(subAttribute.name, type, context);
    if ((name === 'members' && type.id === 'Group') || (name === 'groups' && type.id === 'User')) {
      return membershipField(name, subAttribute?.name, { kind: name }, context);
    }
  }
  const path: PathStep[] = container === undefined ? [] : [{ name: container, multiValued: false }];
  path.push(step(attribute));
  if (subAttribute) path.push(step(subAttribute));
  return { kind: 'field', collection: undefined, field: { kind: 'data', path } };
}

function metaTarget(name: string, type: ResourceTypeDefinition, context: StoreQueryContext): Target {
  switch (name) {
    case 'created':
      return { kind: 'field', collection: undefined, field: { kind: 'created' } };
    case 'lastModified':
      return { kind: 'field', collection: undefined, field: { kind: 'lastModified' } };
    case 'version':
      return {
        kind: 'field',
        collection: undefined,
        field: { kind: 'version' },
        affix: { prefix: 'W/"', suffix: '"' },
      };
    case 'location':
      return {
        kind: 'field',
        collection: undefined,
        field: { kind: 'id' },
        affix: { prefix: `${context.baseUrl}${type.endpoint}/`, suffix: '' },
      };
    default:
      return { kind: 'constant', value: type.id }; // resourceType
  }
}

/** A field of a membership element (`value`, `display`, `type`, `$ref`), inside `collection` when given. */
function membershipField(
  membership: 'members' | 'groups',
  name: string | undefined,
  collection: Collection | undefined,
  context: StoreQueryContext,
): Target {
  const element = (key: string): Field => ({
    kind: 'data',
    path: key === '' ? [] : [{ name: key, multiValued: false }],
  });
  if (name === '$ref') {
    if (membership === 'members') return { kind: 'memberRef', baseUrl: context.baseUrl, collection };
    return {
      kind: 'field',
      collection,
      field: element('value'),
      affix: { prefix: `${context.baseUrl}/Groups/`, suffix: '' },
    };
  }
  return { kind: 'field', collection, field: element(name ?? '') };
}

// ---- leaves ----

type Leaf =
  | { kind: 'present' }
  | { kind: 'exists' }
  | { kind: 'compare'; op: CompareOperator; value: Exclude<FilterValue, null>; type: ValueType; caseExact: boolean };

/** The condition "some value of the target satisfies `leaf`". */
function leafCondition(where: Target, leaf: Leaf): Condition {
  switch (where.kind) {
    case 'constant':
      if (leaf.kind !== 'compare') return TRUE;
      return FALSE; // decided by the caller before it gets here
    case 'memberRef':
      return memberRefCondition(where.baseUrl, where.collection, leaf);
    case 'field': {
      const inner = fieldLeaf(where.field, leaf, where.affix);
      return where.collection ? { kind: 'any', collection: where.collection, condition: inner } : inner;
    }
  }
}

function fieldLeaf(field: Field, leaf: Leaf, affix: { prefix: string; suffix: string } | undefined): Condition {
  if (leaf.kind !== 'compare') return { kind: leaf.kind, field };
  const condition: CompareCondition = {
    kind: 'compare',
    field,
    op: leaf.op,
    value: leaf.value,
    type: leaf.type,
    caseExact: leaf.caseExact,
  };
  if (affix) condition.affix = affix;
  return condition;
}

/** A group member's `$ref`: `<base>/Groups/<id>` for a group member, `<base>/Users/<id>` otherwise. */
function memberRefCondition(baseUrl: string, collection: Collection | undefined, leaf: Leaf): Condition {
  const value: Field = { kind: 'data', path: [{ name: 'value', multiValued: false }] };
  const isGroup: Condition = {
    kind: 'compare',
    field: { kind: 'data', path: [{ name: 'type', multiValued: false }] },
    op: 'eq',
    value: 'Group',
    type: 'string',
    caseExact: true,
  };
  const inner: Condition =
    leaf.kind === 'compare'
      ? {
          kind: 'or',
          conditions: [
            {
              kind: 'and',
              conditions: [isGroup, fieldLeaf(value, leaf, { prefix: `${baseUrl}/Groups/`, suffix: '' })],
            },
            {
              kind: 'and',
              conditions: [
                { kind: 'not', condition: isGroup },
                fieldLeaf(value, leaf, { prefix: `${baseUrl}/Users/`, suffix: '' }),
              ],
            },
          ],
        }
      : { kind: leaf.kind, field: value };
  return collection ? { kind: 'any', collection, condition: inner } : inner;
}

function translateComparison(
  node: Extract<FilterNode, { kind: 'compare' }>,
  scope: TranslationScope,
  context: StoreQueryContext,
): Condition {
  const found = resolveIn(scope, node.path);
  if (!found) return FALSE;
  const resolved = withValueDefault(found);
  if (!resolved) {
    const name = displayName(found);
    throw new ScimError(
      400,
      'invalidFilter',
      `${name} is complex; filter on a sub-attribute such as ${name}.${found.attribute.subAttributes?.[0]?.name ?? 'x'}`,
    );
  }
  const where = target(resolved, scope, context);
  const { op, value } = node;
  if (value === null) {
    if (op === 'eq') return { kind: 'not', condition: leafCondition(where, { kind: 'present' }) };
    if (op === 'ne') return leafCondition(where, { kind: 'present' });
    throw new ScimError(400, 'invalidFilter', `${displayName(resolved)} ${op} null: only eq and ne accept null`);
  }
  const leaf = leafOf(resolved);
  checkComparison(leaf, displayName(resolved), op, value);
  const compare = comparison(leaf, op, value);
  if (where.kind === 'constant') return constantMatches(where.value, compare) ? TRUE : FALSE;
  const matches = leafCondition(where, compare);
  // `ne` also matches when there is no value at all.
  if (op === 'ne')
    return { kind: 'or', conditions: [matches, { kind: 'not', condition: leafCondition(where, { kind: 'exists' }) }] };
  return matches;
}

const isSubstring = (op: CompareOperator) => op === 'co' || op === 'sw' || op === 'ew';
const isOrdering = (op: CompareOperator) => op === 'gt' || op === 'lt' || op === 'ge' || op === 'le';

/**
 * What RFC 7644 §3.4.2.2 makes the client's error (400 invalidFilter): ordering on booleans and binaries,
 * substrings of numbers, a value the attribute's type cannot be compared with. `value` is never null here.
 */
function checkComparison(
  leaf: AttributeDefinition,
  name: string,
  op: CompareOperator,
  value: Exclude<FilterValue, null>,
): void {
  const fail = (why: string) => new ScimError(400, 'invalidFilter', `${name} ${op} ${JSON.stringify(value)}: ${why}`);
  switch (leaf.type) {
    case 'boolean':
      if (op !== 'eq' && op !== 'ne') throw fail(`${name} is a boolean; only eq, ne and pr apply`);
      if (toBoolean(value) === undefined) throw fail(`${name} is a boolean; compare it with true or false`);
      return;
    case 'integer':
    case 'decimal':
      if (isSubstring(op)) throw fail(`${name} is a number; co, sw and ew apply to strings`);
      if (toNumber(value) === undefined) throw fail(`${name} is a number`);
      return;
    case 'dateTime':
      if (!isSubstring(op) && toInstant(value) === undefined)
        throw fail(`${name} is a dateTime; use an RFC 3339 timestamp such as "2024-05-01T00:00:00Z"`);
      return;
    case 'binary':
      if (isOrdering(op)) throw fail(`${name} is binary; gt, lt, ge and le do not apply`);
      return;
    case 'complex':
      throw fail(`${name} is complex; filter on one of its sub-attributes`);
    default:
      return;
  }
}

/** A comparison with a value decided during translation (`meta.resourceType`), by the store's own semantics. */
function constantMatches(value: string, leaf: Leaf): boolean {
  if (leaf.kind !== 'compare') return true;
  const condition: CompareCondition = {
    kind: 'compare',
    field: { kind: 'data', path: [] },
    op: leaf.op,
    value: leaf.value,
    type: leaf.type,
    caseExact: leaf.caseExact,
  };
  return compileCondition(condition)({ record: undefined, data: value, elements: () => [] });
}

/** The store comparison for a leaf the schema describes (already validated). */
function comparison(leaf: AttributeDefinition, op: CompareOperator, value: Exclude<FilterValue, null>): Leaf {
  switch (leaf.type) {
    case 'boolean':
      return { kind: 'compare', op, value, type: 'boolean', caseExact: true };
    case 'integer':
    case 'decimal':
      return { kind: 'compare', op, value, type: 'number', caseExact: true };
    case 'dateTime':
      if (isSubstring(op))
        return { kind: 'compare', op, value: toText(value, true)!, type: 'string', caseExact: leaf.caseExact };
      return {
        kind: 'compare',
        op,
        value: new Date(toInstant(value)!).toISOString(),
        type: 'dateTime',
        caseExact: true,
      };
    case 'binary':
      return { kind: 'compare', op, value: toText(value, true)!, type: 'binary', caseExact: true };
    default:
      return { kind: 'compare', op, value: toText(value, true)!, type: 'string', caseExact: leaf.caseExact };
  }
}

function translateValuePath(
  node: Extract<FilterNode, { kind: 'valuePath' }>,
  scope: TranslationScope,
  context: StoreQueryContext,
): Condition {
  if (scope.kind === 'element') throw new ScimError(400, 'invalidFilter', 'value filters cannot be nested');
  const resolved = resolveIn(scope, node.path);
  if (!resolved) return FALSE;
  if (resolved.subAttribute || resolved.attribute.type !== 'complex') {
    throw new ScimError(
      400,
      'invalidFilter',
      `${displayName(resolved)}[...]: a value filter applies to a complex attribute`,
    );
  }
  const name = resolved.attribute.name;
  const membership =
    resolved.container === undefined &&
    ((name === 'members' && scope.type.id === 'Group') || (name === 'groups' && scope.type.id === 'User'))
      ? name
      : undefined;
  const inner = translate(node.filter, { kind: 'element', parent: resolved.attribute, membership }, context);
  if (membership) return { kind: 'any', collection: { kind: membership }, condition: inner };
  const path: PathStep[] = resolved.container === undefined ? [] : [{ name: resolved.container, multiValued: false }];
  path.push(step(resolved.attribute));
  return { kind: 'any', collection: { kind: 'data', path }, condition: inner };
}

// ---- sorting ----

/**
 * The store sort key of `sortBy` (RFC 7644 §3.4.2.3), or undefined when the attribute is unknown (then the
 * order is creation order, as with the in-memory engine). Errors: 400 invalidValue, as `compileSort`.
 */
export function toStoreSort(
  sortBy: string,
  sortOrder: 'ascending' | 'descending',
  type: ResourceTypeDefinition,
): SortKey | undefined {
  const found = resolvePath({ kind: 'resource', type }, parseAttributePath(sortBy, 'invalidValue'));
  if (!found) return undefined;
  const resolved = withValueDefault(found);
  if (!resolved)
    throw new ScimError(
      400,
      'invalidValue',
      `sortBy=${displayName(found)} is complex; sort by one of its sub-attributes`,
    );
  const leaf = leafOf(resolved);
  const descending = sortOrder === 'descending';
  const keyType: ValueType =
    leaf.type === 'integer' || leaf.type === 'decimal'
      ? 'number'
      : leaf.type === 'dateTime'
        ? 'dateTime'
        : leaf.type === 'boolean'
          ? 'boolean'
          : 'string';
  const { container, attribute, subAttribute } = resolved;
  if (container === undefined && attribute.name === 'id')
    return { field: { kind: 'id' }, type: 'string', caseExact: true, descending };
  if (container === undefined && attribute.name === 'meta') {
    const field: Field | undefined =
      subAttribute?.name === 'created'
        ? { kind: 'created' }
        : subAttribute?.name === 'lastModified'
          ? { kind: 'lastModified' }
          : subAttribute?.name === 'version'
            ? { kind: 'version' }
            : subAttribute?.name === 'location'
              ? { kind: 'id' }
              : undefined;
    if (!field) return undefined; // resourceType: one value for every resource of a type
    return { field, type: field.kind === 'version' ? 'number' : keyType, caseExact: leaf.caseExact, descending };
  }
  const path: PathStep[] = container === undefined ? [] : [{ name: container, multiValued: false }];
  path.push(step(attribute));
  if (subAttribute) path.push(step(subAttribute));
  return { field: { kind: 'data', path }, type: keyType, caseExact: leaf.caseExact, descending };
}
