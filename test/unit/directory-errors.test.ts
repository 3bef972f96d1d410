import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Directory } from '../../server/directory/directory.js';
import { DirectoryError } from '../../server/directory/errors.js';
import { ERROR_SCHEMA, ScimError, toScimError } from '../../server/scim/errors.js';
import { errorResponse } from '../../server/scim/protocol/handle.js';
import { openEmbeddedServices, type EmbeddedServices } from '../helpers/embedded-services.js';
import { makeDataDir, removeDataDir } from '../helpers/store-fixtures.js';

// The directory speaks its own error; the SCIM side alone turns it into RFC 7644's error body.
describe('directory errors and their SCIM form', () => {
  let dataDir: string;
  let opened: EmbeddedServices;
  let directory: Directory;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    opened = await openEmbeddedServices(dataDir);
    directory = new Directory(opened.store);
  });
  afterEach(async () => {
    await opened.close();
    await removeDataDir(dataDir);
  });

  const thrown = async (run: () => Promise<unknown>): Promise<unknown> => {
    try {
      await run();
    } catch (error) {
      return error;
    }
    throw new Error('expected a throw');
  };

  it('the directory throws DirectoryError, never a SCIM error', async () => {
    await directory.createUser({ userName: 'alice@example.com' });
    const taken = await thrown(() => directory.createUser({ userName: 'ALICE@example.com' }));
    expect(taken).toBeInstanceOf(DirectoryError);
    expect(taken).not.toBeInstanceOf(ScimError);
    expect((taken as DirectoryError).code).toBe('uniqueness');
    expect(((await thrown(() => directory.requireGroup('nope'))) as DirectoryError).code).toBe('not-found');
    expect(((await thrown(() => directory.createGroup({ displayName: ' ' }, []))) as DirectoryError).code).toBe(
      'invalid-value',
    );
  });

  it('maps each code to the status and scimType SCIM clients expect', () => {
    const cases = [
      [new DirectoryError('not-found', 'User u-1 not found.'), 404, undefined],
      [new DirectoryError('uniqueness', 'A user with userName "a" already exists.'), 409, 'uniqueness'],
      [new DirectoryError('invalid-value', 'Member "x" is not a known User or Group id.'), 400, 'invalidValue'],
    ] as const;
    for (const [error, status, scimType] of cases) {
      const scim = toScimError(error)!;
      expect(scim.toBody()).toEqual({
        schemas: [ERROR_SCHEMA],
        status: String(status),
        detail: error.message,
        ...(scimType ? { scimType } : {}),
      });
      expect(errorResponse(error).status).toBe(status);
    }
    expect(toScimError(new Error('bug'))).toBeUndefined();
  });
});
