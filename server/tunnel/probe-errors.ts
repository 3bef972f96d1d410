/**
 * Why a connection to the public URL failed, in words: Node reports OpenSSL's and the resolver's own lines
 * ("EPROTO … wrong version number"), which name a symptom; the admin needs the cause ("that address speaks
 * plain HTTP, not HTTPS"). The error's code stays at the end, for a search.
 */

interface NodeError {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

export function describeProbeError(error: unknown, url: URL): string {
  const { code, message } = codeAndMessage(error);
  const hostPort = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  const cause = causeOf(code, message, url, hostPort);
  return code && !cause.includes(code) ? `${cause} (${code})` : cause;
}

function causeOf(code: string | undefined, message: string, url: URL, hostPort: string): string {
  if (
    code === 'EPROTO' ||
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    /wrong version number|packet length too long|unknown protocol/i.test(message)
  ) {
    return `${hostPort} answered in plain HTTP where HTTPS was expected: what listens there speaks http, not https (put TLS in front of it, or use its https address)`;
  }
  if (code === 'HPE_INVALID_CONSTANT' || code === 'HPE_INVALID_HEADER_TOKEN' || /parse error/i.test(message)) {
    return url.protocol === 'http:'
      ? `${hostPort} did not answer in HTTP: it probably speaks HTTPS, so use an https:// URL`
      : `${hostPort} did not answer in HTTP`;
  }
  if (code === 'ECONNREFUSED')
    return `nothing accepts connections at ${hostPort} (connection refused): the tunnel or proxy is not running there`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the host name ${url.hostname} does not resolve: check its spelling, or the tunnel's URL changed`;
  const waited = /no answer within (\d+ s)/i.exec(message)?.[1];
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || waited)
    return `${hostPort} gave no answer${waited ? ` within ${waited}` : ' in time'}: a firewall may drop the connection, or the tunnel is stuck`;
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return `the connection to ${hostPort} was closed before an answer came: a proxy or firewall cut it`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return `${url.hostname} cannot be reached from this machine (no route to it)`;
  if (code === 'CERT_HAS_EXPIRED')
    return `the certificate of ${url.hostname} has expired: the identity provider refuses it too`;
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN')
    return `the certificate of ${url.hostname} is self-signed: the identity provider does not trust it either`;
  if (
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT'
  ) {
    return `the certificate of ${url.hostname} is not signed by an authority this machine trusts, or its chain is incomplete`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `the certificate presented at ${url.hostname} is for another host name`;
  return message || 'the connection failed';
}

function codeAndMessage(error: unknown): { code: string | undefined; message: string } {
  const value = (typeof error === 'object' && error !== null ? error : {}) as NodeError;
  const code = typeof value.code === 'string' ? value.code : undefined;
  const message = typeof value.message === 'string' ? value.message : String(error);
  // fetch-style errors carry the socket's error as their cause.
  if (code === undefined && typeof value.cause === 'object' && value.cause !== null) return codeAndMessage(value.cause);
  return { code, message };
}
