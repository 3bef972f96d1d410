/** The self-probe's failures in words: the cause, not the socket's or OpenSSL's own line. */
import { describe, expect, it } from 'vitest';
import { describeProbeError } from '../../server/tunnel/probe-errors.js';

const https = new URL('https://scim.example.com/scim/v2/ServiceProviderConfig');
const http = new URL('http://scim.example.com:8080/scim/v2/ServiceProviderConfig');
const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('why the public URL did not answer', () => {
  it.each([
    [
      failure('EPROTO', 'C0B7:error:0A00010B:SSL routines:ssl3_get_record:wrong version number'),
      https,
      'scim.example.com:443 answered in plain HTTP where HTTPS was expected',
    ],
    [failure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), https, 'speaks http, not https'],
    [
      failure('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'),
      http,
      'it probably speaks HTTPS, so use an https:// URL',
    ],
    [
      failure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8080'),
      http,
      'nothing accepts connections at scim.example.com:8080 (connection refused)',
    ],
    [
      failure('ENOTFOUND', 'getaddrinfo ENOTFOUND scim.example.com'),
      https,
      'the host name scim.example.com does not resolve',
    ],
    [new Error('no answer within 10 s'), https, 'scim.example.com:443 gave no answer within 10 s'],
    [failure('ECONNRESET', 'socket hang up'), https, 'was closed before an answer came'],
    [failure('CERT_HAS_EXPIRED', 'certificate has expired'), https, 'the certificate of scim.example.com has expired'],
    [failure('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), https, 'is self-signed'],
    [
      failure('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      https,
      'is for another host name',
    ],
  ])('%s', (error, url, cause) => {
    const said = describeProbeError(error, url);
    expect(said).toContain(cause);
    expect(said).not.toMatch(/ssl3_get_record|getaddrinfo|socket hang up/);
  });

  it('keeps the code at the end for a search, and the message when it knows no better', () => {
    expect(describeProbeError(failure('EPROTO', 'wrong version number'), https)).toMatch(/\(EPROTO\)$/);
    expect(describeProbeError(failure('EWHATEVER', 'something odd happened'), https)).toBe(
      'something odd happened (EWHATEVER)',
    );
    expect(
      describeProbeError(new TypeError('fetch failed', { cause: failure('ECONNREFUSED', 'refused') }), http),
    ).toMatch(/connection refused/);
  });
});
