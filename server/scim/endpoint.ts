/**
 * Where the SCIM endpoint is served, and how the tunnel's self-probe is recognised: shared by the HTTP
 * adapter (scim/http) and the tunnel, which must not depend on the adapter (and so on Express).
 */

/** The SCIM base path on the SCIM listener; nothing else is served there. */
export const SCIM_BASE_PATH = '/scim/v2';

/** Header of the tunnel self-probe: a one-time marker, echoed back only when it is ours. */
export const SELF_PROBE_HEADER = 'x-scim-desk-probe';
