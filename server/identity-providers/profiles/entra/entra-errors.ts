/**
 * Texts the Microsoft Entra admin center shows: Test Connection messages and the provisioning logs' error
 * codes, each with cause and fix as SCIM Desk sees it. Every `source` is a public page (Microsoft's own
 * where one exists); docs/entra.md lists them.
 */
import type { ErrorEntry } from '../../profile.js';

const ERROR_CODES =
  'https://learn.microsoft.com/entra/identity/monitoring-health/howto-analyze-provisioning-logs#error-codes';
const QUARANTINE =
  'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status';

export const ENTRA_ERRORS: readonly ErrorEntry[] = [
  {
    id: 'entra-invalid-credentials',
    title:
      'You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.',
    cause:
      'Test Connection got a refusal or an answer it could not use: the Secret Token is not a current SCIM Desk token, or the Tenant URL does not reach /scim/v2 of this endpoint.',
    fix: "Paste the Tenant URL exactly as SCIM Desk shows it (ending in /scim/v2, optionally ?aadOptscim062020) and a current token as the Secret Token, then Test Connection. The wizard's Test Connection step names what SCIM Desk refused.",
    source: 'https://github.com/MicrosoftDocs/azure-docs/issues/54231',
    patterns: [/appear to have entered invalid credentials/i, /correct information for an administrative account/i],
    seen: ['wrong-path', 'refused-token'],
  },
  {
    id: 'entra-credential-validation-failure',
    title: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
    cause:
      'The token Entra holds stopped working (revoked, expired, or replaced here); Entra puts the job in quarantine.',
    fix: 'Generate a new token, paste it as the Secret Token (Provisioning > Admin Credentials), Test Connection, Save, and Restart provisioning.',
    source: 'https://learn.microsoft.com/en-us/answers/questions/4969398',
    patterns: [/CredentialValidationFailure/i],
    seen: 'refused-token',
  },
  {
    id: 'entra-credential-validation-unavailable',
    title: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    cause:
      'Test Connection could not reach the Tenant URL at all: no DNS name, no TLS handshake, or nothing listening (the tunnel is stopped, its URL changed, or the URL is a local address Entra cannot call).',
    fix: 'Start the tunnel (or your reverse proxy), run the self-probe until it passes, paste the public /scim/v2 URL as the Tenant URL, then Test Connection again.',
    source: ERROR_CODES,
    patterns: [/CredentialValidationUnavailable/i],
    seen: 'reachability',
  },
  {
    id: 'entra-bad-response',
    title: 'SystemForCrossDomainIdentityManagementBadResponse',
    cause:
      'The endpoint answered with a status or body the provisioning service did not expect (for example an HTML error page from a proxy, or a 4xx the SCIM error schema explains). The SCIM error in the log entry says which.',
    fix: 'Open the failed request in the Activity view: if SCIM Desk answered, its SCIM error names the attribute or filter at fault; if the request is not there, something in front of SCIM Desk answered Entra.',
    source: ERROR_CODES,
    patterns: [/ManagementBadResponse/i, /^\s*BadResponse\b/i],
    seen: [{ failed: 'user-create' }, { failed: 'user-update' }, 'reachability'],
  },
  {
    id: 'entra-invalid-group-type',
    title: 'HybridSynchronizationActiveDirectoryInvalidGroupType (the group type is not supported)',
    cause:
      'A group in scope is of a type the provisioning job cannot send: a Microsoft 365 or mail-enabled distribution group where a security group is needed, or a group synced from on-premises AD with an unsupported type. Its members never arrive.',
    fix: 'Assign a security group (Groups > New group, Group type: Security) with the users as direct members, and scope the app to it; nested groups are not provisioned either.',
    source:
      'https://learn.microsoft.com/entra/identity/app-provisioning/how-provisioning-works#provisioning-cycles-initial-and-incremental',
    patterns: [/InvalidGroupType/i, /group type (is|isn't|is not) (not )?supported/i],
    seen: 'groups-received',
  },
  {
    id: 'entra-quarantine',
    title: 'Quarantine (EncounteredQuarantineException, EncounteredEscrowProportionThreshold)',
    cause:
      'Most calls failed: invalid credentials (EncounteredQuarantineException), an HTTP 404 where 200 was expected, or more than 40% of provisioning events failing (EncounteredEscrowProportionThreshold). In quarantine, incremental cycles slow down to once a day; after four weeks the job is disabled.',
    fix: 'Fix the cause the wizard shows (a refused token, a stopped tunnel, a wrong Tenant URL), then Restart provisioning in Entra: the next cycle takes the job out of quarantine.',
    source: QUARANTINE,
    patterns: [/quarantin/i, /EncounteredQuarantineException/i, /EncounteredEscrowProportionThreshold/i],
    seen: ['refused-token', 'last-request'],
  },
  {
    id: 'entra-service-incompatible',
    title: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
    cause:
      "Entra could not parse the endpoint's answer, or the endpoint refused a request shape (the message carries the SCIM error). SCIM Desk speaks both of Entra's PATCH dialects, so an unparsable answer usually came from something else: a proxy, an interstitial page.",
    fix: 'Run the self-probe; open the failed request in the Activity view: if it is there, its answer says what was refused; if it is not, something else answered Entra.',
    source: ERROR_CODES,
    patterns: [/ServiceIncompatible(?!Filtering)/i],
    seen: [{ failed: 'user-update' }, 'reachability'],
  },
  {
    id: 'entra-service-incompatible-filtering',
    title: 'SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering',
    cause:
      'A lookup (GET /Users?filter=… or /Groups?filter=…) or the request after it was answered with an error (the message carries the status, e.g. 409). The matching attribute must be filterable with eq.',
    fix: 'Keep userName as the matching attribute for users and displayName for groups (Provisioning > Mappings); read the answer in the Activity view.',
    source: 'https://learn.microsoft.com/en-us/answers/questions/1185756/how-to-fix-scim-provisioning-errors',
    patterns: [/ServiceIncompatibleFiltering/i],
    supersedes: ['entra-service-incompatible'],
    seen: { failed: 'user-create' },
  },
  {
    id: 'entra-multiple-entries',
    title: 'SystemForCrossDomainIdentityManagementMultipleEntriesInResponse',
    cause:
      'A lookup returned more than one user or group where Entra expects one: two users share the matching attribute value, or a group lookup returned members.',
    fix: 'Make the matching attribute unique (userName is unique here; externalId may not be) and keep excludedAttributes=members group lookups, which SCIM Desk honours.',
    source: ERROR_CODES,
    patterns: [/MultipleEntriesInResponse/i],
  },
  {
    id: 'entra-conflict',
    title: 'Conflict, EntryConflict (userName already exists)',
    cause:
      "SCIM Desk answered 409: a user with that userName already exists here, created by another client (Okta, a rehearsal) or before a matching attribute change, so Entra's lookup did not match it.",
    fix: 'Match on userName (the default) so Entra takes the existing account over, or remove the existing user (rehearsal data in one step), then let the next cycle retry.',
    source: ERROR_CODES,
    patterns: [/\bEntryConflict\b/i, /^\s*conflict\b/i, /userName .*already exists/i],
    seen: 'user-name-conflict',
  },
  {
    id: 'entra-duplicate-target-entries',
    title: 'DuplicateTargetEntries',
    cause: 'More than one user here matches the configured matching attributes.',
    fix: 'Remove the duplicate here, or reconfigure the matching attribute (Provisioning > Mappings) to one that is unique, such as userName.',
    source: ERROR_CODES,
    patterns: [/DuplicateTargetEntries/i],
  },
  {
    id: 'entra-invalid-anchor',
    title: 'InvalidAnchor',
    cause:
      'A user Entra created or matched earlier no longer exists here: it was removed (for example with the rehearsal data) while Entra still holds its id.',
    fix: 'Restart provisioning (Graph or the Provisioning page) so Entra matches every user again; it creates the missing ones.',
    source: ERROR_CODES,
    patterns: [/InvalidAnchor/i],
  },
  {
    id: 'entra-schema-attribute-not-found',
    title: 'SchemaAttributeNotFound',
    cause: "The mapping names a target attribute this endpoint's schema does not have (see /scim/v2/Schemas).",
    fix: 'Map only attributes of the core User and Group schemas and the enterprise extension (Provisioning > Mappings > Show advanced options > Edit attribute list).',
    source: ERROR_CODES,
    patterns: [/SchemaAttributeNotFound/i],
  },
  {
    id: 'entra-mandatory-fields-missing',
    title: 'MandatoryFieldsMissing, MissingValues',
    cause: 'The user has no value for an attribute the mapping requires, typically the one mapped to userName.',
    fix: 'Give the user a value in Entra (userPrincipalName is always set) or change the mapping; Clumio needs userName to be the e-mail address.',
    source: ERROR_CODES,
    patterns: [/MandatoryFieldsMissing/i, /\bMissingValues\b/i],
  },
  {
    id: 'entra-timeout',
    title: 'Timeout, WebExceptionProtocolError',
    cause:
      'Entra could not get an answer from the Tenant URL in time, or the HTTP exchange broke: the tunnel or proxy is down, or its URL changed. Entra retries in 40 minutes.',
    fix: 'Start the tunnel (or your proxy), run the self-probe, and if the public URL changed, paste it as the Tenant URL again.',
    source: ERROR_CODES,
    patterns: [/\bTimeout\b/i, /WebExceptionProtocolError/i],
    seen: 'reachability',
  },
  {
    id: 'entra-internal-server-error',
    title: 'InternalServerError',
    cause: 'The endpoint answered 500, or something in front of it did. Entra retries in 40 minutes.',
    fix: "Look for the request in the Activity view: if SCIM Desk answered 500, the server's console says why; if the request is not there, the tunnel or proxy answered.",
    source: ERROR_CODES,
    patterns: [/InternalServerError/i],
    seen: 'reachability',
  },
  {
    id: 'entra-unauthorized',
    title: 'InsufficientRights, MethodNotAllowed, NotPermitted, Unauthorized',
    cause:
      'Entra authenticated but the request was refused: with SCIM Desk, a token revoked or expired after Test Connection, or a method the endpoint does not serve at that path.',
    fix: 'Paste a current token as the Secret Token and Test Connection; check the Tenant URL ends in /scim/v2.',
    source: ERROR_CODES,
    patterns: [/InsufficientRights/i, /MethodNotAllowed/i, /NotPermitted/i, /^\s*Unauthorized\s*$/i],
    seen: 'refused-token',
  },
  {
    id: 'entra-skipped-out-of-scope',
    title: 'EntrySynchronizationSkipped (not effectively entitled, out of scope)',
    cause:
      'The user was evaluated but not provisioned: not assigned to the app (directly or through an assigned security group; nested groups do not count), filtered out by a scoping filter, or "not effectively entitled".',
    fix: 'Assign the user or a security group they are a direct member of (Users and groups), keep Scope "Sync only assigned users and groups", and Provision on demand to see which step skips them.',
    source: 'https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-config-problem',
    patterns: [/EntrySynchronizationSkipped/i, /not effectively entitled/i, /out of scope/i],
    seen: ['generated-group-names', 'creates-answered'],
  },
];

/** What only Entra's texts contain: its provisioning-log codes and Test Connection message. */
export const ENTRA_RECOGNISED_BY: readonly RegExp[] = [
  /SystemForCrossDomainIdentityManagement/i,
  /CredentialValidation(Failure|Unavailable)/i,
  /ServiceIncompatible/i,
  /HybridSynchronizationActiveDirectory/i,
  /\bEntryConflict\b/,
  /EncounteredQuarantineException|EncounteredEscrowProportionThreshold/i,
  /EntrySynchronizationSkipped/i,
  /DuplicateTargetEntries|InvalidAnchor|SchemaAttributeNotFound|MandatoryFieldsMissing|WebExceptionProtocolError|MultipleEntriesInResponse/,
  /aadOptscim062020/i,
  /appear to have entered invalid credentials/i,
  /\bquarantin/i,
  /Microsoft Entra|Azure AD/i,
];
