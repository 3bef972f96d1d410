import type { AttributeDefinition, AttributeType } from './types.js';

type Options = Partial<Omit<AttributeDefinition, 'name' | 'type'>>;

/** Builds an attribute definition with RFC 7643 §2.2 defaults, so schema files list only what differs. */
export function attr(name: string, type: AttributeType, options: Options = {}): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

export const complex = (name: string, subAttributes: AttributeDefinition[], options: Options = {}) =>
  attr(name, 'complex', { ...options, subAttributes });

/** The usual shape of a multi-valued attribute such as emails or phoneNumbers (RFC 7643 §2.4). */
export function multiValuedStrings(
  name: string,
  description: string,
  types: string[],
  extra: AttributeDefinition[] = [],
) {
  return complex(
    name,
    [
      attr('value', 'string', { description: `The ${name} value.` }),
      attr('display', 'string', { description: 'A human-readable name.' }),
      attr('type', 'string', { description: 'A label indicating the function.', canonicalValues: types }),
      attr('primary', 'boolean', { description: 'Indicates the primary value.' }),
      ...extra,
    ],
    { multiValued: true, description },
  );
}
