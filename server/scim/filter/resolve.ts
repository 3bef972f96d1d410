/**
 * Resolves a parsed attribute path against schema metadata once, at translation time: where its values are
 * (an extension's URN, the attribute, a sub-attribute) and what their type is.
 */
import type { AttributeDefinition, ResourceTypeDefinition } from '../schemas/index.js';
import { COMMON_ATTRIBUTES, findAttribute } from '../schemas/index.js';
import type { AttributePath } from './ast.js';

/** Where a path is resolved: at the top of a resource, or inside one value of a complex attribute (`emails[...]`). */
export type Scope =
  { kind: 'resource'; type: ResourceTypeDefinition } | { kind: 'element'; parent: AttributeDefinition };

export interface ResolvedPath {
  /** The key of the extension object holding the attribute (its schema URN), or undefined for top-level keys. */
  container: string | undefined;
  attribute: AttributeDefinition;
  subAttribute: AttributeDefinition | undefined;
}

/** undefined when the path names nothing in the schema: callers treat that as "matches nothing". */
export function resolvePath(scope: Scope, path: AttributePath): ResolvedPath | undefined {
  const found = scope.kind === 'resource' ? findInResource(scope.type, path) : findInElement(scope.parent, path);
  if (!found) return undefined;
  if (path.subAttribute === undefined) return { ...found, subAttribute: undefined };
  const subAttribute = findAttribute(found.attribute.subAttributes ?? [], path.subAttribute);
  return subAttribute ? { ...found, subAttribute } : undefined;
}

function findInResource(type: ResourceTypeDefinition, path: AttributePath) {
  const core = [...type.schema.attributes, ...COMMON_ATTRIBUTES];
  if (path.urn !== undefined) {
    const urn = path.urn.toLowerCase();
    if (urn === type.schema.id.toLowerCase()) return inPool(core, undefined, path.attribute);
    const extension = type.extensions.find((e) => e.schema.id.toLowerCase() === urn);
    return extension ? inPool(extension.schema.attributes, extension.schema.id, path.attribute) : undefined;
  }
  // Unqualified names resolve to the core schema first; extension attributes are accepted unqualified too
  // (a tolerance: no names collide in our schemas, and some clients omit the URN).
  const inCore = inPool(core, undefined, path.attribute);
  if (inCore) return inCore;
  for (const { schema } of type.extensions) {
    const inExtension = inPool(schema.attributes, schema.id, path.attribute);
    if (inExtension) return inExtension;
  }
  return undefined;
}

function findInElement(parent: AttributeDefinition, path: AttributePath) {
  // Inside `emails[...]` names are sub-attributes of emails; a URN or a further dot names nothing.
  if (path.urn !== undefined || path.subAttribute !== undefined) return undefined;
  return inPool(parent.subAttributes ?? [], undefined, path.attribute);
}

function inPool(pool: AttributeDefinition[], container: string | undefined, name: string) {
  const attribute = findAttribute(pool, name);
  return attribute ? { container, attribute } : undefined;
}

/** A multi-valued or complex attribute compared without a sub-attribute is compared on its `value` (RFC 7644 §3.4.2.2). */
export function withValueDefault(resolved: ResolvedPath): ResolvedPath | undefined {
  if (resolved.subAttribute || resolved.attribute.type !== 'complex') return resolved;
  const value = findAttribute(resolved.attribute.subAttributes ?? [], 'value');
  return value ? { ...resolved, subAttribute: value } : undefined;
}

export const leafOf = (resolved: ResolvedPath) => resolved.subAttribute ?? resolved.attribute;

export function displayName(resolved: ResolvedPath): string {
  return resolved.subAttribute ? `${resolved.attribute.name}.${resolved.subAttribute.name}` : resolved.attribute.name;
}
