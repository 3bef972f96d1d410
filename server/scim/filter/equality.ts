/**
 * Finds `attr eq "v"` at the top level of a filter (alone, or as one operand of a chain of `and`s), so a handler
 * can narrow candidates with an index and then run the full compiled filter on those few. Anything under `or`,
 * `not` or a value path is ignored: it would not be a necessary condition.
 */
import { GROUP_SCHEMA, USER_SCHEMA } from '../schemas/index.js';
import type { FilterNode } from './ast.js';

export type IndexedAttribute = 'userName' | 'externalId' | 'id' | 'displayName';

const CORE_URNS = new Set([USER_SCHEMA.toLowerCase(), GROUP_SCHEMA.toLowerCase()]);

/**
 * The value as the evaluator would compare it: numbers and booleans written bare (`externalId eq 12345`) come
 * back as their string form. Case is preserved; the caller folds it when the attribute is not caseExact.
 */
export function findEqualityValue(node: FilterNode, attribute: IndexedAttribute): string | undefined {
  const wanted = attribute.toLowerCase();
  const stack: FilterNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.kind === 'and') {
      stack.push(current.right, current.left);
      continue;
    }
    if (current.kind !== 'compare' || current.op !== 'eq' || current.value === null) continue;
    const { path } = current;
    if (path.subAttribute !== undefined || path.attribute.toLowerCase() !== wanted) continue;
    if (path.urn !== undefined && !CORE_URNS.has(path.urn.toLowerCase())) continue;
    return String(current.value);
  }
  return undefined;
}
