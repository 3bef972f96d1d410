import { attr, complex, multiValuedStrings } from './define.js';
import type { SchemaDefinition } from './types.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from './urns.js';

export const userSchema: SchemaDefinition = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attr('userName', 'string', {
      required: true,
      uniqueness: 'server',
      description: 'Unique identifier for the User; case-insensitive.',
    }),
    complex(
      'name',
      [
        attr('formatted', 'string'),
        attr('familyName', 'string'),
        attr('givenName', 'string'),
        attr('middleName', 'string'),
        attr('honorificPrefix', 'string'),
        attr('honorificSuffix', 'string'),
      ],
      { description: "The components of the user's name." },
    ),
    attr('displayName', 'string', { description: 'The name of the User, suitable for display.' }),
    attr('nickName', 'string'),
    attr('profileUrl', 'reference', { referenceTypes: ['external'] }),
    attr('title', 'string'),
    attr('userType', 'string'),
    attr('preferredLanguage', 'string'),
    attr('locale', 'string'),
    attr('timezone', 'string'),
    attr('active', 'boolean', { description: "The User's administrative status." }),
    attr('password', 'string', {
      mutability: 'writeOnly',
      returned: 'never',
      description: 'Accepted and never stored.',
    }),
    multiValuedStrings('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    multiValuedStrings('phoneNumbers', 'Phone numbers for the User.', [
      'work',
      'home',
      'mobile',
      'fax',
      'pager',
      'other',
    ]),
    multiValuedStrings('ims', 'Instant messaging addresses.', [
      'aim',
      'gtalk',
      'icq',
      'xmpp',
      'msn',
      'skype',
      'qq',
      'yahoo',
    ]),
    multiValuedStrings('photos', 'URLs of photos of the User.', ['photo', 'thumbnail']),
    complex(
      'addresses',
      [
        attr('formatted', 'string'),
        attr('streetAddress', 'string'),
        attr('locality', 'string'),
        attr('region', 'string'),
        attr('postalCode', 'string'),
        attr('country', 'string'),
        attr('type', 'string', { canonicalValues: ['work', 'home', 'other'] }),
        attr('primary', 'boolean'),
      ],
      { multiValued: true, description: 'Physical mailing addresses.' },
    ),
    complex(
      'groups',
      [
        attr('value', 'string', { mutability: 'readOnly' }),
        attr('$ref', 'reference', { mutability: 'readOnly', referenceTypes: ['Group'] }),
        attr('display', 'string', { mutability: 'readOnly' }),
        attr('type', 'string', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
      ],
      {
        multiValued: true,
        mutability: 'readOnly',
        description: 'Groups the user belongs to, managed through /Groups.',
      },
    ),
    multiValuedStrings('entitlements', 'Entitlements of the User.', []),
    multiValuedStrings('roles', 'Roles of the User.', []),
    multiValuedStrings('x509Certificates', 'Certificates of the User.', []),
  ],
};

export const enterpriseUserSchema: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attr('employeeNumber', 'string'),
    attr('costCenter', 'string'),
    attr('organization', 'string'),
    attr('division', 'string'),
    attr('department', 'string'),
    complex(
      'manager',
      [
        attr('value', 'string', { caseExact: true }),
        attr('$ref', 'reference', { referenceTypes: ['User'] }),
        attr('displayName', 'string', { mutability: 'readOnly' }),
      ],
      { description: "The User's manager." },
    ),
  ],
};
