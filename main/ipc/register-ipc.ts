/**
 * One `ipcMain.handle` per channel of the contract, all through one wrapper (VS Code style) that:
 * 1. checks the sender: the top frame of our own renderer (file://…/out/renderer/index.html, or the dev
 *    server in development) — anything else gets FORBIDDEN_SENDER;
 * 2. validates the payload with the channel's zod schema — INVALID_REQUEST naming the field;
 * 3. calls the MissionControlService and returns `{ ok: true, value }`, or `{ ok: false, error }` with the
 *    error's own code when it has one, else INTERNAL. Nothing ever rejects across the bridge.
 * No electron import: the real ipcMain is passed in.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { dispatchRequest, IpcErrorCodes } from './dispatch-request.js';
import {
  Channels,
  type Channel,
  type IpcResult,
  type MissionControlService,
  type PushChannel,
  type PushMap,
} from '../../preload/ipc-contract.js';

/** The slice of Electron's WebFrameMain we look at. */
export interface SenderFrameLike {
  url: string;
  /** The top frame; the frame itself for a top-level document. */
  top: SenderFrameLike | null;
  /** Null for a top-level document. */
  parent: SenderFrameLike | null;
}

export interface IpcEventLike {
  senderFrame: SenderFrameLike | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- matches ipcMain.handle's own signature. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: any, ...args: any[]) => unknown): void;
  removeHandler(channel: string): void;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  service: MissionControlService;
  /** Renderer URLs we trust: the built index.html file URL and, in development, the dev server URL. */
  trustedRendererUrls: readonly string[];
  /** Told about refused calls (channel and code only; never the payload). */
  onRefused?(channel: Channel, code: string): void;
}

/** Error codes the bridge itself produces. */
/** Same document? file: URLs compare by resolved path, http(s) by origin (the dev server serves one app). */
export function isTrustedSenderUrl(url: string, trusted: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return trusted.some((t) => {
    const base = new URL(t);
    if (base.protocol === 'file:') {
      return (
        parsed.protocol === 'file:' &&
        !parsed.host &&
        resolve(fileURLToPath(parsed)) === resolve(fileURLToPath(base))
      );
    }
    return (base.protocol === 'http:' || base.protocol === 'https:') && parsed.origin === base.origin;
  });
}

export function isTrustedSender(event: IpcEventLike, trusted: readonly string[]): boolean {
  const frame = event.senderFrame;
  // A destroyed frame (navigated away or closed) is never trusted.
  if (!frame) return false;
  // Only the top-level document: an iframe (even one of ours) never talks to main. A subframe always has a
  // parent; the `top` comparison is a second guard (Electron caches one WebFrameMain per frame).
  if (frame.parent || (frame.top && frame.top !== frame)) return false;
  return isTrustedSenderUrl(frame.url, trusted);
}

/** Handles one request: sender check, validation, service call. Exported for the tests and the web bridge. */
export async function handleRequest<C extends Channel>(
  channel: C,
  event: IpcEventLike,
  payload: unknown,
  options: Omit<RegisterIpcOptions, 'ipcMain'>,
): Promise<IpcResult<unknown>> {
  if (!isTrustedSender(event, options.trustedRendererUrls)) {
    options.onRefused?.(channel, IpcErrorCodes.forbiddenSender);
    return {
      ok: false,
      error: {
        code: IpcErrorCodes.forbiddenSender,
        message: `${channel} may only be called by the app's own window`,
      },
    };
  }
  const result = await dispatchRequest(options.service, channel, payload);
  if (!result.ok && result.error.code === IpcErrorCodes.invalidRequest) {
    options.onRefused?.(channel, IpcErrorCodes.invalidRequest);
  }
  return result;
}

export { IpcErrorCodes, toIpcError } from './dispatch-request.js';

/** Registers every channel; returns a function that removes them all. */
export function registerIpc(options: RegisterIpcOptions): () => void {
  const channels = Object.values(Channels) as Channel[];
  for (const channel of channels) {
    options.ipcMain.handle(channel, (event: IpcEventLike, payload: unknown) =>
      handleRequest(channel, event, payload, options),
    );
  }
  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(channel);
  };
}

/** The slice of WebContents used for pushes. */
export interface PushTarget {
  send(channel: string, payload: unknown): void;
}

/** A typed push: only channels of the contract, only their payloads. */
export function sendPush<P extends PushChannel>(
  target: PushTarget | null,
  channel: P,
  payload: PushMap[P],
): void {
  target?.send(channel, payload);
}
