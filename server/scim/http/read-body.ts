import type { Request } from 'express';
import { ScimError, badRequest } from '../errors.js';

/** Bodies above this are refused with 413 before they are parsed (RFC 7644 §3.12 has no scimType for it). */
export const MAX_BODY_BYTES = 1024 * 1024;

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
  if (declared > MAX_BODY_BYTES) {
    req.resume(); // drain so the connection stays usable
    throw tooLarge();
  }
  // Plain 'data'/'end' events: an async iterator over the request costs more than the rest of a small request.
  const { chunks, size } = await new Promise<{ chunks: Buffer[]; size: number }>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        req.resume(); // drain so the connection stays usable
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
