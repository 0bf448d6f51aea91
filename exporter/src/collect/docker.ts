/**
 * Named Docker containers (caddy, gitea-npm-registry …) via the Docker Engine API over its unix socket:
 * one `GET /containers/json?all=1`, no docker CLI subprocess. Docker unusable (no socket, no permission,
 * timeout, bad answer) → every container `running: null` and a reason, never a guessed `false`.
 */
import { request } from 'node:http';
import type { HostInfo } from '../contract/snapshot.js';
import type { PartialResult } from './lib/partial-probe.js';

export type ContainerState = HostInfo['containers'][number];

interface EngineContainer {
  Names?: unknown;
  State?: unknown;
  Status?: unknown;
}

const DOCKER_TIMEOUT_MS = 2000;
const MAX_BODY = 8 * 1024 * 1024;

/** GETs a path on the Engine API socket; resolves with the parsed JSON body or rejects with a short reason. */
export function dockerGet(socketPath: string, path: string, timeoutMs = DOCKER_TIMEOUT_MS): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { Host: 'docker' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) req.destroy(new Error('docker API answer too large'));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`docker API HTTP ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Error('docker API answer is not JSON'));
        }
      });
      res.on('error', reject);
    });
    // One deadline for connect + answer (a hung daemon must not stall the run).
    const timer = setTimeout(
      () => req.destroy(new Error(`docker API timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code ? `docker socket ${socketPath}: ${err.code}` : err.message)),
    );
    req.end();
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
