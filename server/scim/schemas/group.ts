import { attr, complex } from './define.js';
import type { SchemaDefinition } from './types.js';
import { GROUP_SCHEMA } from './urns.js';

export const groupSchema: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attr('displayName', 'string', {
      required: true,
      uniqueness: 'server',
      description: 'A human-readable name for the Group.',
    }),
    complex(
      'members',
      [
        attr('value', 'string', { caseExact: true, mutability: 'immutable' }),
        attr('$ref', 'reference', { mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
        attr('display', 'string', { mutability: 'readOnly' }),
        attr('type', 'string', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
      ],
      { multiValued: true, description: 'A list of members of the Group.' },
    ),
  ],
};
