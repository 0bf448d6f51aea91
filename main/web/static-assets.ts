/**
 * `hermes-mc web`'s static files: the built renderer under one folder, nothing outside it (no traversal,
 * no listings). Hashed build output (`assets/<name>-<hash>.<ext>`: the name changes with the content) is
 * sent `Cache-Control: immutable` for a year, so a reload moves only index.html; everything else (the
 * HTML, which names the current hashes) stays `no-store`. Text is compressed for clients that accept it
 * (brotli, else gzip, via node:zlib), once per file version, kept in memory: the renderer is a few files.
 */
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map']);

/** Vite's hashed output: `assets/` + a name ending in `-<8+ base64url chars>` before the extension. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts (q=0 refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

interface Body {
  bytes: Buffer;
  encoding: Encoding;
}

const cache = new Map<string, Body>();

function body(file: string, mtimeMs: number, size: number, encoding: Encoding): Body {
  const key = `${file}\0${mtimeMs}\0${size}\0${encoding}`;
  let hit = cache.get(key);
  if (!hit) {
    const raw = readFileSync(file);
    const bytes =
      encoding === 'br'
        ? brotliCompressSync(raw, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length },
          })
        : encoding === 'gzip'
          ? gzipSync(raw, { level: 9 })
          : raw;
    // Compression that does not pay (a tiny file) is not worth the header.
    hit = bytes.length < raw.length ? { bytes, encoding } : { bytes: raw, encoding: 'identity' };
    for (const k of cache.keys())
      if (k.startsWith(`${file}\0`) && k.endsWith(`\0${encoding}`)) cache.delete(k);
    cache.set(key, hit);
  }
  return hit;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, text: string): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** Serves `req` from `root` with the security `headers` (which carry `Cache-Control: no-store`). */
export function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(res, 405, { ...headers, Allow: 'GET, HEAD' }, 'method not allowed');
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    return send(res, 400, headers, 'bad request');
  }
  if (pathname.includes('\0')) return send(res, 400, headers, 'bad request');
  const rel = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^[/\\]+/, '');
  const file = resolve(root, rel);
  if (file !== root && !file.startsWith(root + sep)) return send(res, 404, headers, 'not found');
  let st: { size: number; mtimeMs: number };
  try {
    const s = statSync(file);
    if (!s.isFile()) return send(res, 404, headers, 'not found');
    st = s;
  } catch {
    return send(res, 404, headers, 'not found');
  }
  const ext = extname(file);
  const relPosix = file
    .slice(root.length + 1)
    .split(sep)
    .join('/');
  const encoding = COMPRESSIBLE.has(ext) ? pickEncoding(req.headers['accept-encoding']) : 'identity';
  const out = body(file, st.mtimeMs, st.size, encoding);
  res.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': String(out.bytes.length),
    ...(HASHED.test(relPosix) ? { 'Cache-Control': IMMUTABLE } : {}),
    ...(COMPRESSIBLE.has(ext) ? { Vary: 'Accept-Encoding' } : {}),
    ...(out.encoding !== 'identity' ? { 'Content-Encoding': out.encoding } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : out.bytes);
}
