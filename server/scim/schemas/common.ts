import { attr, complex } from './define.js';

/** Attributes every resource has (RFC 7643 §3.1); they are not part of any schema's attribute list on the wire. */
export const COMMON_ATTRIBUTES = [
  attr('id', 'string', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
    description: 'Server-assigned identifier.',
  }),
  attr('externalId', 'string', { caseExact: true, description: 'Identifier assigned by the provisioning client.' }),
  complex(
    'meta',
    [
      attr('resourceType', 'string', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'dateTime', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attr('location', 'reference', { caseExact: true, mutability: 'readOnly', referenceTypes: ['uri'] }),
      attr('version', 'string', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly', description: 'Resource metadata.' },
  ),
];
