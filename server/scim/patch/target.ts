/**
 * Resolves a parsed PATCH path against the resource type's schemas: which attribute, in which container (the
 * resource itself or an extension object keyed by its URN), which sub-attribute, which value filter.
 *
 * Unknown names (RFC 7644 says 400 invalidPath; Entra quarantines an app that keeps answering harmless
 * operations with 4xx: docs/interop.md#entra-quarantine). Our rule:
 * - an attribute under a schema URN this resource type does not have (a custom or tenant-specific extension
 *   such as `urn:ietf:params:scim:schemas:extension:CustomExtension:2.0:User:costCode`) is ignored: the IdP maps
 *   attributes we never serve, and refusing them would fail every update of that user;
 * - an unknown attribute of the core schema or of a known extension is 400 invalidPath naming it: that is a
 *   broken attribute mapping the admin must see, and silently dropping it would hide lost data.
 * Like the filter engine, an unqualified name that is not a core attribute may name an extension attribute
 * (`department`), since no names collide in our schemas.
 */
import type { AttributePath, FilterNode, PatchPath } from '../filter/ast.js';
import type { AttributeDefinition, ResourceTypeDefinition } from '../schemas/index.js';
import { COMMON_ATTRIBUTES, findAttribute } from '../schemas/index.js';
import type { Fail } from './coerce.js';
import { quote } from './operation-error.js';

export type ResolvedTarget =
  /** Under a schema URN this resource type does not have: accepted and ignored (see above). */
  | { kind: 'ignored' }
  /** `password` (the only writeOnly attribute): accepted and never stored. */
  | { kind: 'discarded' }
  /** The path is a schema URN itself: its value is an object of that schema's attributes. */
  | { kind: 'schema'; extension: string | undefined }
  | AttributeTarget;

export interface AttributeTarget {
  kind: 'attribute';
  /** The extension URN whose object holds the attribute; undefined for core and common attributes. */
  extension: string | undefined;
  attribute: AttributeDefinition;
  /** `name.givenName`, `emails[type eq "work"].value`. */
  subAttribute: AttributeDefinition | undefined;
  /** `emails[type eq "work"]`: only on multi-valued complex attributes. */
  filter: FilterNode | undefined;
}

export function resolveTarget(type: ResourceTypeDefinition, patchPath: PatchPath, fail: Fail): ResolvedTarget {
  const { path, valueFilter } = patchPath;
  const found = findContainer(type, path, fail);
  if (found.kind !== 'attribute') {
    if (found.kind === 'schema' && (path.subAttribute !== undefined || valueFilter)) {
      throw fail('invalidPath', `a schema URN cannot take a sub-attribute or a value filter`);
    }
    return found;
  }
  const { attribute, extension } = found;
  const qualified = extension ? `${extension}:${attribute.name}` : attribute.name;
  if (attribute.mutability === 'writeOnly') return { kind: 'discarded' };

  let filter: FilterNode | undefined;
  if (valueFilter) {
    if (!attribute.multiValued || attribute.type !== 'complex') {
      throw fail(
        'invalidPath',
        `${qualified} is not a multi-valued complex attribute, so it cannot take a value filter`,
      );
    }
    filter = valueFilter;
  }
  const subName = path.subAttribute ?? patchPath.subAttribute;
  let subAttribute: AttributeDefinition | undefined;
  if (subName !== undefined) {
    subAttribute = attribute.subAttributes && findAttribute(attribute.subAttributes, subName);
    if (!subAttribute) throw fail('invalidPath', `${qualified} has no sub-attribute ${quote(subName)}`);
  }
  return { kind: 'attribute', extension, attribute, subAttribute, filter };
}

type Found =
  | { kind: 'ignored' }
  | { kind: 'schema'; extension: string | undefined }
  | { kind: 'attribute'; extension: string | undefined; attribute: AttributeDefinition };

function findContainer(type: ResourceTypeDefinition, path: AttributePath, fail: Fail): Found {
  const core = [...type.schema.attributes, ...COMMON_ATTRIBUTES];
  if (path.urn === undefined) {
    const inCore = findAttribute(core, path.attribute);
    if (inCore) return { kind: 'attribute', extension: undefined, attribute: inCore };
    for (const { schema } of type.extensions) {
      const inExtension = findAttribute(schema.attributes, path.attribute);
      if (inExtension) return { kind: 'attribute', extension: schema.id, attribute: inExtension };
    }
    throw unknownAttribute(path.attribute);
  }

  const urn = path.urn.toLowerCase();
  // The parser splits a URN at its last colon, so the bare URN `urn:…:enterprise:2.0:User` arrives as
  // urn `urn:…:enterprise:2.0` with attribute `User`.
  const whole = `${urn}:${path.attribute.toLowerCase()}`;
  if (whole === type.schema.id.toLowerCase()) return { kind: 'schema', extension: undefined };
  const wholeExtension = type.extensions.find((e) => e.schema.id.toLowerCase() === whole);
  if (wholeExtension) return { kind: 'schema', extension: wholeExtension.schema.id };

  if (urn === type.schema.id.toLowerCase()) {
    const attribute = findAttribute(core, path.attribute);
    if (!attribute) throw unknownAttribute(`${type.schema.id}:${path.attribute}`);
    return { kind: 'attribute', extension: undefined, attribute };
  }
  const extension = type.extensions.find((e) => e.schema.id.toLowerCase() === urn);
  if (!extension) return { kind: 'ignored' };
  const attribute = findAttribute(extension.schema.attributes, path.attribute);
  if (!attribute) throw unknownAttribute(`${extension.schema.id}:${path.attribute}`);
  return { kind: 'attribute', extension: extension.schema.id, attribute };

  function unknownAttribute(name: string) {
    return fail('invalidPath', `unknown attribute ${quote(name)}`);
  }
}
