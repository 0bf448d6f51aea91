// Fakes for the IPC tests: ipcMain, ipcRenderer, a service with a recorder per channel, sender frames.
import { vi } from 'vitest';
import { Channels, type Channel, type MissionControlService } from '../../../preload/ipc-contract.js';
import type { IpcEventLike, SenderFrameLike } from '../../../main/ipc/register-ipc.js';

export const APP_URL = 'file:///opt/hmc/out/renderer/index.html';

export function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  return {
    handlers,
    handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
    invoke: (channel: string, event: IpcEventLike, payload?: unknown) => {
      const h = handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      return h(event, payload);
    },
  };
}

export function fakeService() {
  const calls: Array<[Channel, unknown]> = [];
  const service = {} as Record<Channel, (payload: unknown) => Promise<unknown>>;
  for (const channel of Object.values(Channels)) {
    service[channel] = vi.fn(async (payload: unknown) => {
      calls.push([channel, payload]);
      return { from: channel };
    });
  }
  return { service: service as unknown as MissionControlService, raw: service, calls };
}

export function topFrame(url: string): IpcEventLike {
  const frame: SenderFrameLike = { url, top: null, parent: null };
  frame.top = frame;
  return { senderFrame: frame };
}

export function subFrame(url: string): IpcEventLike {
  const top: SenderFrameLike = { url: APP_URL, top: null, parent: null };
  top.top = top;
  return { senderFrame: { url, top, parent: top } };
}
