/**
 * Named Docker containers (caddy, gitea-npm-registry …) via the Docker Engine API over its unix socket:
 * one `GET /containers/json?all=1`, no docker CLI subprocess. Docker unusable (no socket, no permission,
 * timeout, bad answer) → every container `running: null` and a reason, never a guessed `false`.
 *
 * The request is a plain HTTP/1.0 GET written on a `net` socket rather than `node:http`: in a process that
 * lives for one run, loading and setting up Node's HTTP client costs ~11 ms (measured: 15 ms vs 4 ms for
 * this one request), a tenth of the exporter's budget. HTTP/1.0 makes the Engine (Go's net/http) answer
 * with a plain body and close the connection; a chunked body is still decoded, should one come.
 */
import { createConnection } from 'node:net';
import type { HostInfo } from '../../../common/contract/snapshot.js';
import type { PartialResult } from './lib/partial-probe.js';

export type ContainerState = HostInfo['containers'][number];

interface EngineContainer {
  Names?: unknown;
  State?: unknown;
  Status?: unknown;
}

const DOCKER_TIMEOUT_MS = 2000;
const MAX_BODY = 8 * 1024 * 1024;

/** Splits a raw HTTP/1.x answer into status and body (de-chunked); throws with a short reason. */
export function parseHttpAnswer(raw: Buffer): { status: number; body: Buffer } {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd < 0) throw new Error('docker API answer has no HTTP header');
  const head = raw.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '');
  if (!status) throw new Error('docker API answer is not HTTP');
  let body = raw.subarray(headerEnd + 4);
  const chunked = head.some((h) => /^transfer-encoding:\s*chunked\s*$/i.test(h));
  if (chunked) body = dechunk(body);
  return { status: Number(status[1]), body };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', pos);
    if (lineEnd < 0) throw new Error('docker API answer: truncated chunk');
    const size = parseInt(data.subarray(pos, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new Error('docker API answer: bad chunk size');
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    pos = lineEnd + 2 + size + 2;
  }
}

/** GETs a path on the Engine API socket; resolves with the parsed JSON body or rejects with a short reason. */
export function dockerGet(socketPath: string, path: string, timeoutMs = DOCKER_TIMEOUT_MS): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const socket = createConnection({ path: socketPath });
    const finish = (err: Error | null, value?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    // One deadline for connect + answer (a hung daemon must not stall the run).
    const timer = setTimeout(
      () => finish(new Error(`docker API timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    // Not end(): a half-closed client reads as "gone" to Go's HTTP server, which may cancel the request.
    socket.on('connect', () =>
      socket.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\nAccept: application/json\r\n\r\n`),
    );
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) finish(new Error('docker API answer too large'));
      else chunks.push(chunk);
    });
    socket.on('end', () => {
      try {
        const { status, body } = parseHttpAnswer(Buffer.concat(chunks));
        if (status !== 200) return finish(new Error(`docker API HTTP ${status}`));
        try {
          finish(null, JSON.parse(body.toString('utf8')));
        } catch {
          finish(new Error('docker API answer is not JSON'));
        }
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish(new Error(err.code ? `docker socket ${socketPath}: ${err.code}` : err.message)),
    );
  });
}

/** Matches the configured names against the Engine's list (names there carry a leading `/`). */
export function containerStates(names: string[], list: unknown): ContainerState[] {
  if (!Array.isArray(list)) throw new Error('docker API answer is not a list');
  const byName = new Map<string, EngineContainer>();
  for (const c of list as EngineContainer[]) {
    if (!Array.isArray(c?.Names)) continue;
    for (const n of c.Names) if (typeof n === 'string') byName.set(n.replace(/^\//, ''), c);
  }
  return names.map((name) => {
    const c = byName.get(name);
    if (!c) return { name, running: false, status: 'not found' };
    return {
      name,
      running: c.State === 'running',
      status: typeof c.Status === 'string' ? c.Status.slice(0, 120) : null,
    };
  });
}

/** The configured containers' states; no names configured → no request. */
export async function collectContainers(
  socketPath: string,
  names: string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<PartialResult<ContainerState[]>> {
  if (names.length === 0) return { value: [], problems: [] };
  try {
    const list = await dockerGet(socketPath, '/containers/json?all=1', timeoutMs);
    return { value: containerStates(names, list), problems: [] };
  } catch (err) {
    return {
      value: names.map((name) => ({ name, running: null, status: null })),
      problems: [(err as Error).message.slice(0, 200)],
    };
  }
}
