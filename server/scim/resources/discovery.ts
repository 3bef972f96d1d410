import { notFound } from '../errors.js';
import type { ScimRequest, ScimResponse } from '../protocol/types.js';
import {
  COMMON_ATTRIBUTES,
  LIMITS_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  RESOURCE_TYPES,
  RESOURCE_TYPE_SCHEMA,
  SCHEMAS,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  type AttributeDefinition,
  type ResourceTypeDefinition,
  type SchemaDefinition,
} from '../schemas/index.js';
import { SCIM_LIMITS } from '../limits.js';
import { MAX_PAGE_SIZE } from './listing.js';
import { ok } from './users.js';

/** RFC 7644 §4: what this endpoint supports, stated truthfully (no Bulk, no password change), and the limits
 * one request must stay within (an extension: the core schema has no place for them). */
export function serviceProviderConfig(req: ScimRequest): ScimResponse {
  return ok(200, {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA, LIMITS_SCHEMA],
    documentationUri: 'https://github.com/scim-desk/scim-desk#readme',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'A SCIM Desk token (scimdesk_...) in the Authorization header, with or without "Bearer ".',
        primary: true,
      },
    ],
    [LIMITS_SCHEMA]: {
      maxPayloadSize: SCIM_LIMITS.maxBodyBytes,
      maxStringLength: SCIM_LIMITS.maxStringLength,
      maxValuesPerAttribute: SCIM_LIMITS.maxValuesPerAttribute,
      maxMembersPerRequest: SCIM_LIMITS.maxMembersPerRequest,
      maxPatchOperations: SCIM_LIMITS.maxPatchOperations,
      maxPatchWork: SCIM_LIMITS.maxPatchWork,
      maxFilterLength: SCIM_LIMITS.maxFilterLength,
      maxFilterDepth: SCIM_LIMITS.maxFilterDepth,
      maxResults: SCIM_LIMITS.maxPageSize,
    },
    meta: { resourceType: 'ServiceProviderConfig', location: `${req.baseUrl}/ServiceProviderConfig` },
  });
}

function renderResourceType(type: ResourceTypeDefinition, baseUrl: string) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: type.id,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.schema.id,
    schemaExtensions: type.extensions.map((e) => ({ schema: e.schema.id, required: e.required })),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${type.id}` },
  };
}

function renderSchema(schema: SchemaDefinition, baseUrl: string) {
  const attributes =
    schema.id.endsWith(':core:2.0:User') || schema.id.endsWith(':core:2.0:Group')
      ? [...COMMON_ATTRIBUTES.filter((a) => a.name === 'externalId'), ...schema.attributes]
      : schema.attributes;
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: attributes.map(renderAttribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

function renderAttribute(attribute: AttributeDefinition): Record<string, unknown> {
  const { subAttributes, ...rest } = attribute;
  return subAttributes ? { ...rest, subAttributes: subAttributes.map(renderAttribute) } : rest;
}

function listOf(resources: unknown[]) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

export function resourceTypes(req: ScimRequest, id?: string): ScimResponse {
  if (id === undefined) return ok(200, listOf(RESOURCE_TYPES.map((t) => renderResourceType(t, req.baseUrl))));
  const type = RESOURCE_TYPES.find((t) => t.id === id);
  if (!type) throw notFound(`Resource type ${id} not found.`);
  return ok(200, renderResourceType(type, req.baseUrl));
}

export function schemas(req: ScimRequest, id?: string): ScimResponse {
  if (id === undefined) return ok(200, listOf(SCHEMAS.map((s) => renderSchema(s, req.baseUrl))));
  const schema = SCHEMAS.find((s) => s.id === id);
  if (!schema) throw notFound(`Schema ${id} not found.`);
  return ok(200, renderSchema(schema, req.baseUrl));
}
