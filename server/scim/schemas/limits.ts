import { attr } from './define.js';
import type { SchemaDefinition } from './types.js';
import { LIMITS_SCHEMA } from './urns.js';

const limit = (name: string, description: string) => attr(name, 'integer', { mutability: 'readOnly', description });

/**
 * An extension of /ServiceProviderConfig stating the limits one request must stay within (RFC 7643 §5 has a
 * place for bulk and filter limits only). Each is refused with 400 naming it (413 for the body).
 */
export const limitsSchema: SchemaDefinition = {
  id: LIMITS_SCHEMA,
  name: 'Limits',
  description: 'Limits on what one request may ask of this service provider.',
  attributes: [
    limit('maxPayloadSize', 'Largest request body, in bytes; a larger one is refused with 413.'),
    limit('maxStringLength', 'Most characters in one string value of a resource.'),
    limit('maxValuesPerAttribute', 'Most values of one multi-valued attribute of a resource (group members excepted).'),
    limit(
      'maxMembersPerRequest',
      'Most group members one request may name: a POST or PUT members list, or the members a PATCH adds or removes.',
    ),
    limit('maxPatchOperations', 'Most operations in one PATCH request.'),
    limit(
      'maxPatchWork',
      'Most units of work one PATCH request may cost: each operation is one, and each value or member compared against a filter term is one.',
    ),
    limit('maxFilterLength', 'Most characters in a filter or a PATCH path.'),
    limit('maxFilterDepth', 'Deepest nesting of a filter.'),
    limit('maxResults', 'Most resources in one page of a list.'),
  ],
};
