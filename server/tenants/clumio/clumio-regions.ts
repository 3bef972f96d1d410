/**
 * Clumio's regional API hosts, by the portal an account signs in to: the console offers them when the admin
 * connects the account. Data only, with no imports, so the admin contract can re-export it to the console.
 */
export interface ClumioRegion {
  /** The portal's host; null where Clumio does not publish which portal signs in to the API host. */
  portal: string | null;
  baseUrl: string;
}

export const CLUMIO_REGIONAL_BASE_URLS: readonly ClumioRegion[] = Object.freeze([
  { portal: 'portal.clumio.com', baseUrl: 'https://us-west-2.api.clumio.com' },
  { portal: 'us2.portal.clumio.com', baseUrl: 'https://us-east-1.api.clumio.com' },
  { portal: 'canada.portal.clumio.com', baseUrl: 'https://ca-central-1.ca.api.clumio.com' },
  { portal: 'eu1.portal.clumio.com', baseUrl: 'https://eu-central-1.de.api.clumio.com' },
  // Listed by Clumio's Terraform provider; which portal signs in to it is not published.
  { portal: null, baseUrl: 'https://ap-southeast-2.au.api.clumio.com' },
]);
