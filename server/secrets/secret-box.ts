/**
 * Secrets SCIM Desk must be able to use again, so they cannot be hashed like a SCIM token: webhook signing
 * secrets (HMAC keys) and the API tokens of the admin's Okta org and Clumio account. They are stored encrypted
 * (AES-256-GCM) with a key of the data folder's own, in `webhook-secrets.key` (0600, created on first use; the
 * name predates the connections and is kept so existing folders keep their key), so directory.json, the
 * journal, exports and backups of them never hold a usable secret. Whoever can read the key file and the
 * store can use them; that is the same trust as the server's.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_MODE, isErrnoException } from '../store/durable-fs.js';
import { readFileNoFollow } from '../store/private-files.js';

export const SECRET_KEY_FILE = 'webhook-secrets.key';

/** An encrypted secret as stored in a document (a webhook's, a connection's). */
export interface SealedSecret {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Reads the folder's key, creating it (exclusively, 0600) when there is none. */
  static async open(dataDir: string): Promise<SecretBox> {
    const path = join(dataDir, SECRET_KEY_FILE);
    try {
      return new SecretBox(await readKey(path));
    } catch (error) {
      if (!isErrnoException(error) || error.code !== 'ENOENT') throw error;
    }
    const key = randomBytes(32);
    try {
      const handle = await open(path, 'wx', FILE_MODE);
      try {
        await handle.writeFile(key.toString('base64'));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return new SecretBox(key);
    } catch (error) {
      if (isErrnoException(error) && error.code === 'EEXIST') return new SecretBox(await readKey(path)); // another process won the race
      throw error;
    }
  }

  seal(secret: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      v: 1,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(sealed: SealedSecret): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }
}

async function readKey(path: string): Promise<Buffer> {
  const key = Buffer.from((await readFileNoFollow(path, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} is not a SCIM Desk webhook key (expected 32 bytes, base64)`);
  return key;
}
