import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Channels, PushChannels, requestSchemas } from '../../../preload/ipc-contract.js';
import { CHANNEL_BY_METHOD, createWindowApi, PUSH_SUBSCRIPTIONS } from '../../../preload/window-api.js';
import { registerIpc } from '../../../main/ipc/register-ipc.js';
import { APP_URL, fakeIpcMain, fakeService } from './ipc-fakes.js';

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  return {
    listeners,
    invoke: vi.fn(async (channel: string, payload?: unknown) => ({ ok: true, value: { channel, payload } })),
    on: (c: string, l: (e: unknown, p: unknown) => void) =>
      listeners.set(c, (listeners.get(c) ?? new Set()).add(l)),
    removeListener: (c: string, l: (e: unknown, p: unknown) => void) => listeners.get(c)?.delete(l),
    emit: (c: string, payload: unknown) => {
      for (const l of listeners.get(c) ?? []) l({ sender: 'ipcRenderer-would-leak-here' }, payload);
    },
  };
}

describe('IPC contract completeness', () => {
  const channelKeys = Object.keys(Channels) as Array<keyof typeof Channels>;

  it('has a request schema for every channel', () => {
    for (const key of channelKeys) expect(requestSchemas[Channels[key]], key).toBeDefined();
    expect(Object.keys(requestSchemas).sort()).toEqual(Object.values(Channels).sort());
  });

  it('has a register-ipc handler for every channel, and no other', () => {
    const ipcMain = fakeIpcMain();
    registerIpc({ ipcMain, service: fakeService().service, trustedRendererUrls: [APP_URL] });
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(Channels).sort());
  });

  it('exposes exactly one preload method per channel plus one subscription per push channel, nothing generic', () => {
    const api = createWindowApi(fakeIpcRenderer()) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...channelKeys, ...Object.keys(PUSH_SUBSCRIPTIONS)].sort());
    expect(Object.values(PUSH_SUBSCRIPTIONS).sort()).toEqual(Object.values(PushChannels).sort());
    // The preload keeps its own copy of the names (so it does not bundle zod); it must be the contract's.
    expect(CHANNEL_BY_METHOD).toEqual(Channels);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each method on its own channel', async () => {
    const ipc = fakeIpcRenderer();
    const api = createWindowApi(ipc);
    await api.snoozeWarning({ warningId: 'vijay:disk', duration: '1h' });
    await api.getState();
    expect(ipc.invoke.mock.calls).toEqual([
      [Channels.snoozeWarning, { warningId: 'vijay:disk', duration: '1h' }],
      [Channels.getState, undefined],
    ]);
  });

  it('passes pushes to subscribers without the IPC event, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const api = createWindowApi(ipc);
    const seen: unknown[] = [];
    const off = api.onFocusWarning((p) => seen.push(p));
    ipc.emit(PushChannels.focusWarning, { warningId: 'w1' });
    off();
    ipc.emit(PushChannels.focusWarning, { warningId: 'w2' });
    expect(seen).toEqual([{ warningId: 'w1' }]);
    expect(ipc.listeners.get(PushChannels.focusWarning)?.size).toBe(0);
  });

  it('turns a broken bridge into an error value rather than a rejection', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockRejectedValueOnce(new Error("No handler registered for 'app:get-state'"));
    expect(await createWindowApi(ipc).getState()).toMatchObject({ ok: false, error: { code: 'IPC_FAILED' } });
  });

  it('makes exactly one exposeInMainWorld call in the preload and leaks no ipcRenderer', () => {
    const source = readFileSync(join(import.meta.dirname, '../../../preload/index.ts'), 'utf8');
    expect(source.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(source).toContain("exposeInMainWorld('api', createWindowApi(ipcRenderer))");
  });
});
