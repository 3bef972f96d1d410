// The Electron runtime cannot start on this machine (no binary, and `import 'electron'` throws in plain
// Node), so `electron` is a fake module; that is the only fake here. The preload runs the way Electron runs
// a sandboxed preload: compiled to CommonJS and evaluated with a `require` that knows nothing but
// `electron` (the fake), so the test also proves the preload needs no other module at run time. No
// vi.mock is needed: the sandbox's `require` hands the fake over directly.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ts from 'typescript';
import { beforeEach, describe, expect, it } from 'vitest';

const { fake } = await import('../helpers/fake-electron.js');
const { DESKTOP_API_FUNCTIONS, DESKTOP_API_GLOBAL, DESKTOP_CHANNELS } = await import('../../electron/ipc-contract.js');

const PRELOAD_SOURCE = path.resolve(import.meta.dirname, '../../electron/preload.cts');

/** Compiles and evaluates the preload in a sandbox; returns what it exposed in the main world. */
function runPreload(): Map<string, unknown> {
  const { outputText } = ts.transpileModule(fs.readFileSync(PRELOAD_SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: PRELOAD_SOURCE,
  });
  const required: string[] = [];
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return fake.module;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(outputText, { require: sandboxRequire, module, exports: module.exports });
  expect(required).toEqual(['electron']);
  return fake.state.exposedInMainWorld;
}

type ExposedApi = Record<string, (...args: unknown[]) => Promise<unknown>>;

function exposedApi(): ExposedApi {
  const exposed = runPreload();
  return exposed.get(DESKTOP_API_GLOBAL) as ExposedApi;
}

beforeEach(() => {
  fake.reset();
});

describe('preload', () => {
  it('exposes one global, window.scimDesk, and nothing else', () => {
    const exposed = runPreload();

    expect([...exposed.keys()]).toEqual(['scimDesk']);
  });

  it("exposes exactly the contract's functions, no more and no fewer", () => {
    const api = exposedApi();

    expect(Object.keys(api).sort()).toEqual([...DESKTOP_API_FUNCTIONS].sort());
    expect([...DESKTOP_API_FUNCTIONS].sort()).toEqual([
      'copyToClipboard',
      'getAppVersion',
      'openExternal',
      'saveTokenFile',
    ]);
    for (const name of DESKTOP_API_FUNCTIONS) expect(typeof api[name]).toBe('function');
  });

  it('never exposes ipcRenderer or a generic invoke/send/on', () => {
    const api = exposedApi();

    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'once', 'postMessage']) {
      expect(api).not.toHaveProperty(forbidden);
    }
    expect(Object.values(api)).not.toContain(fake.module.ipcRenderer);
    expect(Object.values(api)).not.toContain(fake.module.ipcRenderer.invoke);
  });

  it("sends each function to its own channel from the contract, with only that function's arguments", async () => {
    const api = exposedApi();

    await api['saveTokenFile']?.({ suggestedName: 'okta.txt', contents: 'sd_secret', extra: 'dropped' });
    await api['copyToClipboard']?.('https://127.0.0.1:8443/scim/v2');
    await api['openExternal']?.('https://help.okta.com/');
    await api['getAppVersion']?.();

    expect(fake.state.rendererInvocations).toEqual([
      { channel: DESKTOP_CHANNELS.saveTokenFile, args: [{ suggestedName: 'okta.txt', contents: 'sd_secret' }] },
      { channel: DESKTOP_CHANNELS.copyToClipboard, args: ['https://127.0.0.1:8443/scim/v2'] },
      { channel: DESKTOP_CHANNELS.openExternal, args: ['https://help.okta.com/'] },
      { channel: DESKTOP_CHANNELS.getAppVersion, args: [] },
    ]);
  });

  it("returns main's answer to the page", async () => {
    const api = exposedApi();

    await expect(api['getAppVersion']?.()).resolves.toBe(`answer from ${DESKTOP_CHANNELS.getAppVersion}`);
  });
});
