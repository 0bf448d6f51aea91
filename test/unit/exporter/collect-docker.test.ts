import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectContainers, parseHttpAnswer } from '../../../exporter/src/collect/docker.js';

/** What `GET /containers/json?all=1` answers on a VM running the seeds' containers. */
const ENGINE_LIST = [
  { Id: 'c1', Names: ['/caddy'], Image: 'caddy:2', State: 'running', Status: 'Up 3 days' },
  {
    Id: 'c2',
    Names: ['/gitea-npm-registry'],
    Image: 'gitea/gitea:1.22.6',
    State: 'exited',
    Status: 'Exited (137) 2 hours ago',
  },
  { Id: 'c3', Names: ['/ollama'], Image: 'ollama/ollama', State: 'running', Status: 'Up 5 days' },
];

let tmp: string;
const servers: Server[] = [];

async function fakeDocker(name: string, handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const socketPath = join(tmp, `${name}.sock`);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  servers.push(server);
  return { socketPath, requests };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-docker-'));
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await rm(tmp, { recursive: true, force: true });
});

describe('docker containers over the Engine API unix socket', () => {
  it('reports which of the named containers run, with one request', async () => {
    const docker = await fakeDocker('ok', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(ENGINE_LIST));
    });
    const { value, problems } = await collectContainers(docker.socketPath, [
      'caddy',
      'gitea-npm-registry',
      'postgres',
    ]);
    expect(problems).toEqual([]);
    expect(docker.requests).toEqual(['GET /containers/json?all=1']);
    expect(value).toEqual([
      { name: 'caddy', running: true, status: 'Up 3 days' },
      { name: 'gitea-npm-registry', running: false, status: 'Exited (137) 2 hours ago' },
      { name: 'postgres', running: false, status: 'not found' },
    ]);
  });

  it('says unknown (null), not stopped, when the socket is missing', async () => {
    const { value, problems } = await collectContainers(join(tmp, 'absent.sock'), ['caddy']);
    expect(value).toEqual([{ name: 'caddy', running: null, status: null }]);
    expect(problems[0]).toContain('ENOENT');
  });

  it('says unknown when the daemon answers with an error', async () => {
    const docker = await fakeDocker('500', (_req, res) => {
      res.writeHead(500);
      res.end('{"message":"boom"}');
    });
    const { value, problems } = await collectContainers(docker.socketPath, ['caddy']);
    expect(value).toEqual([{ name: 'caddy', running: null, status: null }]);
    expect(problems).toEqual(['docker API HTTP 500']);
  });

  it('gives up on a hung daemon at the deadline instead of stalling the run', async () => {
    const docker = await fakeDocker('hung', () => {
      /* never answers */
    });
    const { value, problems } = await collectContainers(docker.socketPath, ['caddy'], 150);
    expect(value).toEqual([{ name: 'caddy', running: null, status: null }]);
    expect(problems[0]).toMatch(/timed out/);
  });

  it('makes no request when no container is configured', async () => {
    const docker = await fakeDocker('unused', (_req, res) => res.end('[]'));
    expect(await collectContainers(docker.socketPath, [])).toEqual({ value: [], problems: [] });
    expect(docker.requests).toEqual([]);
  });
});

describe('the Engine API answer', () => {
  it('is read whether the body is plain or chunked, and a non-HTTP answer is a clear error', () => {
    const plain = Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n[1,2]');
    expect(parseHttpAnswer(plain)).toEqual({ status: 200, body: Buffer.from('[1,2]') });
    const chunked = Buffer.from(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n',
    );
    expect(parseHttpAnswer(chunked).body.toString()).toBe('[1,2]');
    expect(parseHttpAnswer(Buffer.from('HTTP/1.1 500 Internal\r\n\r\n{}')).status).toBe(500);
    expect(() => parseHttpAnswer(Buffer.from('SSH-2.0-OpenSSH\r\n'))).toThrow(/no HTTP header/);
    expect(() => parseHttpAnswer(Buffer.from('garbage\r\n\r\n'))).toThrow(/not HTTP/);
  });
});
