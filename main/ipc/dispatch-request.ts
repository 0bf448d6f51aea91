/**
 * One request, whatever the transport: validate the payload against the contract's zod schema, call the
 * service, and return an IpcResult (errors are values with codes, never throws). Electron IPC
 * (register-ipc.ts, after its sender-frame check) and the `hermes-mc web` WebSocket bridge both use it,
 * so the two bridges cannot drift apart. No electron import.
 */
import {
  requestSchemas,
  type Channel,
  type IpcResult,
  type MissionControlService,
} from '../../preload/ipc-contract.js';

export const IpcErrorCodes = {
  invalidRequest: 'INVALID_REQUEST',
  unknownChannel: 'UNKNOWN_CHANNEL',
  forbiddenSender: 'FORBIDDEN_SENDER',
  internal: 'INTERNAL',
} as const;

const CHANNELS = new Set<string>(Object.keys(requestSchemas));

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && CHANNELS.has(name);
}

/** "hosts.0.port: Too big…" — names the field so the caller can fix it. */
function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'payload'}: ${i.message}`)
    .join('; ');
}

const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;

/** Turns anything thrown into an IpcError; keeps a code only when it looks like one of ours. */
export function toIpcError(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : 'unexpected error';
  return {
    code: typeof code === 'string' && CODE.test(code) ? code : IpcErrorCodes.internal,
    message: message.slice(0, 500),
  };
}

export async function dispatchRequest(
  service: MissionControlService,
  channel: unknown,
  payload: unknown,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: {
        code: IpcErrorCodes.unknownChannel,
        message: `unknown channel: ${String(channel).slice(0, 64)}`,
      },
    };
  }
  const parsed = requestSchemas[channel].safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: IpcErrorCodes.invalidRequest,
        message: `${channel}: ${describeIssues(parsed.error.issues)}`,
      },
    };
  }
  try {
    const handler = service[channel] as (p: unknown) => Promise<unknown>;
    return { ok: true, value: await handler.call(service, parsed.data) };
  } catch (err) {
    return { ok: false, error: toIpcError(err) };
  }
}
