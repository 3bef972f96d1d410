/**
 * Compiles a filter AST into a predicate over SCIM resource JSON as the server outputs it: core attributes at the
 * top level, extension attributes under their schema URN, `meta`, `groups`/`members` arrays.
 *
 * Semantics (RFC 7644 §3.4.2.2, RFC 7643 §2):
 * - attribute names are case-insensitive; string values compare case-insensitively unless `caseExact`;
 * - a multi-valued attribute matches when any of its values does; `emails co "x"` compares `emails.value`;
 * - `ne` matches a missing attribute; `attr eq null` means "not present", `attr ne null` "present";
 * - an attribute the schema does not know matches nothing (Entra probes with odd filters;
 *   docs/interop.md#entra-test-connection-probes);
 * - a known attribute used in a way its type does not allow (`active gt true`, `name eq "x"`) is 400 invalidFilter.
 */
import { ScimError } from '../errors.js';
import type { AttributeDefinition, ResourceTypeDefinition } from '../schemas/index.js';
import type { FilterNode } from './ast.js';
import { compileValueTest, isPresent } from './compare.js';
import type { Scope } from './resolve.js';
import { displayName, isObject, leafOf, readerFor, resolvePath, withValueDefault } from './resolve.js';

export type ResourcePredicate = (resource: Record<string, unknown>) => boolean;
type Predicate = (target: unknown) => boolean;

const never: Predicate = () => false;
const anything = () => true;

/** Compile once per request, then call the predicate for each candidate resource. */
export function compileFilter(node: FilterNode, type: ResourceTypeDefinition): ResourcePredicate {
  return compileNode(node, { kind: 'resource', type });
}

/**
 * The predicate of a value filter (`members[value eq "id"]`, `emails[type eq "work"]`) over ONE value of the
 * complex attribute `parent`: what the PATCH engine needs to pick the values an operation targets.
 */
export function compileValueFilter(parent: AttributeDefinition, filter: FilterNode): (value: unknown) => boolean {
  if (parent.type !== 'complex') {
    throw new ScimError(400, 'invalidFilter', `${parent.name} is not complex; a value filter needs sub-attributes to test`);
  }
  const predicate = compileNode(filter, { kind: 'element', parent });
  return (value) => isObject(value) && predicate(value);
}

function compileNode(node: FilterNode, scope: Scope): Predicate {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const operands = flatten(node, node.kind).map((operand) => compileNode(operand, scope));
      return node.kind === 'and'
        ? (t) => { for (const p of operands) if (!p(t)) return false; return true; }
        : (t) => { for (const p of operands) if (p(t)) return true; return false; };
    }
    case 'not': {
      const inner = compileNode(node.filter, scope);
      return (t) => !inner(t);
    }
    case 'present': {
      const resolved = resolvePath(scope, node.path);
      if (!resolved) return never;
      const read = readerFor(resolved);
      return (t) => read(t, isPresent);
    }
    case 'compare':
      return compileComparison(node, scope);
    case 'valuePath':
      return compileValuePath(node, scope);
  }
}

/** `a and b and c` parses left-deep; compile it as one flat list so long chains cost no recursion. */
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

function compileComparison(node: Extract<FilterNode, { kind: 'compare' }>, scope: Scope): Predicate {
  const found = resolvePath(scope, node.path);
  if (!found) return never;
  const resolved = withValueDefault(found);
  if (!resolved) {
    const name = displayName(found);
    throw new ScimError(400, 'invalidFilter', `${name} is complex; filter on a sub-attribute such as ${name}.${found.attribute.subAttributes?.[0]?.name ?? 'x'}`);
  }
  const read = readerFor(resolved);
  const { op, value } = node;
  if (value === null) {
    if (op === 'eq') return (t) => !read(t, isPresent);
    if (op === 'ne') return (t) => read(t, isPresent);
    throw new ScimError(400, 'invalidFilter', `${displayName(resolved)} ${op} null: only eq and ne accept null`);
  }
  const test = compileValueTest(leafOf(resolved), displayName(resolved), op, value);
  // `ne` also matches when there is no value at all.
  if (op === 'ne') return (t) => read(t, test) || !read(t, anything);
  return (t) => read(t, test);
}

function compileValuePath(node: Extract<FilterNode, { kind: 'valuePath' }>, scope: Scope): Predicate {
  if (scope.kind === 'element') throw new ScimError(400, 'invalidFilter', 'value filters cannot be nested');
  const resolved = resolvePath(scope, node.path);
  if (!resolved) return never;
  if (resolved.subAttribute || resolved.attribute.type !== 'complex') {
    throw new ScimError(400, 'invalidFilter', `${displayName(resolved)}[...]: a value filter applies to a complex attribute`);
  }
  const inner = compileNode(node.filter, { kind: 'element', parent: resolved.attribute });
  const read = readerFor(resolved);
  return (t) => read(t, (value) => isObject(value) && inner(value));
}
