import { COMMON_ATTRIBUTES } from './common.js';
import { groupSchema } from './group.js';
import { limitsSchema } from './limits.js';
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './types.js';
import { enterpriseUserSchema, userSchema } from './user.js';

export * from './types.js';
export * from './urns.js';
export { COMMON_ATTRIBUTES, enterpriseUserSchema, groupSchema, limitsSchema, userSchema };

export const userResourceType: ResourceTypeDefinition = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: userSchema,
  extensions: [{ schema: enterpriseUserSchema, required: false }],
};

export const groupResourceType: ResourceTypeDefinition = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: groupSchema,
  extensions: [],
};

export const RESOURCE_TYPES = [userResourceType, groupResourceType] as const;
export const SCHEMAS: SchemaDefinition[] = [userSchema, enterpriseUserSchema, groupSchema, limitsSchema];

/**
 * Resolves an attribute of a resource type: `name`, `name.givenName`, or URN-qualified
 * (`urn:...:enterprise:2.0:User:manager.value`). Names are case-insensitive (RFC 7644 §3.10).
 * Returns the schema URN the attribute belongs to (undefined for common attributes) and its definition chain.
 */
export interface ResolvedAttribute {
  schemaUrn: string | undefined; // undefined: core schema or common attribute
  definition: AttributeDefinition;
  parent?: AttributeDefinition; // for sub-attributes
}

export function findAttribute(list: AttributeDefinition[], name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return list.find((a) => a.name.toLowerCase() === lower);
}

/** Splits a leading schema URN off an attribute path: `urn:...:User:manager.value` -> [urn, 'manager.value']. */
export function splitUrn(type: ResourceTypeDefinition, path: string): { urn: string | undefined; rest: string } {
  const lower = path.toLowerCase();
  for (const s of [type.schema, ...type.extensions.map((e) => e.schema)]) {
    const urn = s.id.toLowerCase();
    if (lower === urn) return { urn: s.id, rest: '' };
    if (lower.startsWith(urn + ':')) return { urn: s.id, rest: path.slice(urn.length + 1) };
  }
  return { urn: undefined, rest: path };
}

export function resolveAttribute(type: ResourceTypeDefinition, path: string): ResolvedAttribute | undefined {
  const { urn, rest } = splitUrn(type, path);
  const [head, sub, ...more] = rest.split('.');
  if (!head || more.length > 0) return undefined;
  const isExtension = urn !== undefined && urn !== type.schema.id;
  const pool = isExtension
    ? type.extensions.find((e) => e.schema.id === urn)!.schema.attributes
    : [...type.schema.attributes, ...COMMON_ATTRIBUTES];
  const definition = findAttribute(pool, head);
  if (!definition) return undefined;
  if (sub === undefined) return { schemaUrn: isExtension ? urn : undefined, definition };
  const subDefinition = definition.subAttributes && findAttribute(definition.subAttributes, sub);
  if (!subDefinition) return undefined;
  return { schemaUrn: isExtension ? urn : undefined, definition: subDefinition, parent: definition };
}
