/**
 * A body over the limit is answered 413 before it has all arrived. Node's fetch (undici) keeps sending
 * while the answer comes back; if the server tears the connection down meanwhile, the client sees EPIPE
 * or ECONNRESET instead of the answer (two outside SCIM checkers did, about one try in three). Every one of
 * 20 tries in a row must read the SCIM error, from a real `scim-desk serve`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServedDesk, type ServedDesk } from '../helpers/cli.js';

let root: string;
let desk: ServedDesk;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-413-'));
  desk = await startServedDesk(path.join(root, 'data'));
});
afterAll(async () => {
  await desk?.stop();
  await rm(root, { recursive: true, force: true });
});

const twelveMiB = JSON.stringify({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  userName: 'big@example.com',
  title: 'x'.repeat(12 * 1024 * 1024),
});

describe('a 12 MiB POST /Users', () => {
  it('is answered 413 with the SCIM error, read by Node fetch 20 times in a row', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        const res = await fetch(`${desk.scimUrl}/Users`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${desk.token}`, 'Content-Type': 'application/scim+json' },
          body: twelveMiB,
        });
        const body = (await res.json()) as { schemas?: string[]; status?: string; detail?: string };
        outcomes.push(`${res.status} ${body.schemas?.[0]} ${body.status} ${body.detail}`);
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        outcomes.push(`failed: ${cause?.code ?? (error as Error).message}`);
      }
    }
    expect(outcomes).toEqual(
      Array(20).fill('413 urn:ietf:params:scim:api:messages:2.0:Error 413 The request body exceeds 1048576 bytes.'),
    );
  });

  it('without a token is answered 401 the same way, every time', async () => {
    const statuses: (number | string)[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${desk.scimUrl}/Users`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/scim+json' },
        body: twelveMiB,
      }).catch((error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed');
      statuses.push(typeof res === 'string' ? res : res.status);
    }
    expect(statuses).toEqual(Array(5).fill(401));
  });

  it('only a refused request whose body is still arriving has its connection closed', async () => {
    const bodiless = await fetch(`${desk.scimUrl}/Users`, {
      headers: { Authorization: 'Bearer scimdesk_wrong-token-for-keep-alive' },
    });
    expect(bodiless.status).toBe(401);
    expect(bodiless.headers.get('connection')).toBe('keep-alive');
    const withBody = await fetch(`${desk.scimUrl}/Users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/scim+json' },
      body: twelveMiB,
    });
    expect(withBody.status).toBe(401);
    expect(withBody.headers.get('connection')).toBe('close');
  });

  it('stops reading, and closes, a body that goes on far past what is drained', async () => {
    // 200 MiB announced, sent as fast as the socket takes it: the server answers, drains a bounded amount, and
    // closes the connection instead of reading all of it.
    const { scimUrl, token } = desk;
    const url = new URL(`${scimUrl}/Users`);
    const socket = connect(Number(url.port), url.hostname);
    const announced = 200 * 1024 * 1024;
    let written = 0;
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    const closed = new Promise<void>((resolve) => {
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/scim+json\r\nContent-Length: ${announced}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const pump = () => {
      while (!socket.destroyed && written < announced) {
        written += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(written).toBeLessThan(announced);
  });
});
