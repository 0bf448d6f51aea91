/**
 * Validates one bridge request against the contract's zod schema and routes it to the service. Shared
 * shape with the Electron IPC handlers: errors come back as values with codes, never as throws.
 */
import {
  requestSchemas,
  type Channel,
  type IpcResult,
  type MissionControlService,
} from '../../preload/ipc-contract.js';

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

export async function dispatchRequest(
  service: MissionControlService,
  channel: unknown,
  payload: unknown,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel: ${String(channel).slice(0, 64)}` } };
  }
  const parsed = requestSchemas[channel].safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: { code: 'INVALID_REQUEST', message: `${channel}: ${describeIssues(parsed.error.issues)}` } };
  }
  try {
    const handler = service[channel] as (p: unknown) => Promise<unknown>;
    const value = await handler.call(service, parsed.data);
    return { ok: true, value };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(e.code) ? e.code : 'INTERNAL';
    const message = typeof e?.message === 'string' ? e.message.slice(0, 500) : 'internal error';
    return { ok: false, error: { code, message } };
  }
}
