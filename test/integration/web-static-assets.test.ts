// `hermes-mc web`'s static files over real HTTP: hashed assets compressed and immutable, the HTML never
// cached, the encoding the client asked for, and nothing outside the folder.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../main/web/web-server.js';
import { pickEncoding } from '../../main/web/static-assets.js';
import type { MissionControlService } from '../../preload/ipc-contract.js';

let dir: string;
let server: WebServer;
const script = `export const x = ${JSON.stringify('chart '.repeat(20_000))};\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-static-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><script src="./assets/index-Ab12Cd34.js"></script>',
  );
  await writeFile(join(dir, 'assets', 'index-Ab12Cd34.js'), script);
  await writeFile(join(dir, 'assets', 'plain.js'), script);
  server = await startWebServer({ service: {} as MissionControlService, port: 0, staticDir: dir });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function fetchRaw(path: string, acceptEncoding?: string) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = get(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
  });
}

describe('static assets of hermes-mc web', () => {
  it('sends a hashed script brotli-compressed and immutable to a browser that accepts brotli', async () => {
    const r = await fetchRaw('/assets/index-Ab12Cd34.js', 'gzip, deflate, br, zstd');
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['vary']).toBe('Accept-Encoding');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(script.length / 20);
    expect(brotliDecompressSync(r.body).toString()).toBe(script);
  });

  it('falls back to gzip, then to the bytes as they are', async () => {
    const gz = await fetchRaw('/assets/index-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await fetchRaw('/assets/index-Ab12Cd34.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const refused = await fetchRaw('/assets/index-Ab12Cd34.js', 'br;q=0, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('never lets the HTML (which names the current hashes) or an unhashed file be cached, security headers kept', async () => {
    for (const path of ['/', '/index.html', '/assets/plain.js']) {
      const r = await fetchRaw(path, 'br');
      expect(r.status, path).toBe(200);
      expect(r.headers['cache-control'], path).toBe('no-store');
      expect(r.headers['content-security-policy'], path).toContain("default-src 'self'");
    }
  });

  it('serves nothing outside its folder', async () => {
    expect((await fetchRaw('/../../etc/passwd')).status).toBe(404);
    expect((await fetchRaw('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await fetchRaw('/assets')).status).toBe(404);
  });

  it('reads Accept-Encoding as browsers send it', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
  });
});
