import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { ScimError, badRequest } from '../errors.js';
import { SCIM_LIMITS } from '../limits.js';

/** Bodies above this are refused with 413 before they are parsed (RFC 7644 §3.12 has no scimType for it). */
export const MAX_BODY_BYTES = SCIM_LIMITS.maxBodyBytes;

/**
 * Reads and parses a JSON body of any JSON-ish content type (Okta sends application/json, Entra
 * application/scim+json; Express's json() parser skips the latter). Oversized bodies are refused while
 * streaming, so a huge upload cannot exhaust memory.
 */
/** A parsed body and its text as received (the activity log keeps the text rather than re-serializing). */
export interface JsonBody {
  value: unknown;
  text: string;
}

export async function readJsonBody(req: Request): Promise<JsonBody | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge(); // the answer drains the rest (endAfterBody)
  // Plain 'data'/'end' events: an async iterator over the request costs more than the rest of a small request.
  const { chunks, size } = await new Promise<{ chunks: Buffer[]; size: number }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.pause(); // the answer drains the rest (endAfterBody)
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    let ended = false;
    req.once('end', () => {
      ended = true;
      resolve({ chunks, size });
    });
    req.once('error', reject);
    // A client that hangs up mid-body: settle so nothing waits forever ('close' also follows every 'end').
    req.once('close', () => {
      if (!ended) reject(badRequest('invalidSyntax', 'The connection closed before the request body was complete.'));
    });
  });
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks, size).toString('utf8');
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch (error) {
    throw badRequest('invalidSyntax', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge() {
  return new ScimError(413, undefined, `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
}

/** What is read and dropped of a body after it was refused, so a client still sending it reads the answer. */
export const MAX_DRAINED_BYTES = 32 * 1024 * 1024;
/** How long a client may take to finish sending a refused body. */
const DRAIN_TIMEOUT_MS = 30_000;

/**
 * Ends a response that was written while the request's body was still arriving (an early 413, or a 401 that
 * never reads it). Closing the connection at once made Node's fetch (undici) fail with EPIPE about one try in
 * three instead of reading the answer it had been sent: the server's socket was gone while the client was
 * still writing. So the rest of the body is read and dropped until it ends, and only then does the response
 * end, closing the connection (the caller set `Connection: close`). A body that goes on past
 * MAX_DRAINED_BYTES, or a client that stalls for DRAIN_TIMEOUT_MS, gets the connection closed anyway.
 */
export function endAfterBody(req: IncomingMessage, res: ServerResponse): void {
  if (req.destroyed || req.readableEnded) {
    res.end(); // the client hung up, or the body ended meanwhile
    return;
  }
  let drained = 0;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    req.off('data', onData);
    res.end();
  };
  const onData = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAINED_BYTES) end();
  };
  const timer = setTimeout(end, DRAIN_TIMEOUT_MS).unref();
  req.on('data', onData);
  req.once('end', end);
  req.once('close', end);
  req.resume();
}
