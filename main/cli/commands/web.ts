/**
 * `hermes-mc web [--config FILE] [--demo] [--port N] [--static DIR]`: serves Mission Control to a browser
 * on 127.0.0.1 only. The FIRST line printed is the URL (with its one-time token); then it runs until
 * SIGINT/SIGTERM (or the injected abort signal).
 *
 * The service is injected (`createService`), so this module does not pick the app core: the CLI registry
 * passes the real app service factory; tests pass a fixture.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppState, MissionControlService } from '../../../preload/ipc-contract.js';
import { startWebServer } from '../../web/web-server.js';

export interface WebCommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Stops the server when aborted (tests); otherwise SIGINT/SIGTERM do. */
  signal?: AbortSignal;
}

/** What `createService` hands back: the service plus its push subscriptions and a shutdown. */
export interface WebServiceHandle {
  service: MissionControlService;
  onState?: (listener: (state: AppState) => void) => () => void;
  onFocusWarning?: (listener: (p: { warningId: string }) => void) => () => void;
  close?: () => Promise<void>;
}

export type CreateWebService = (opts: {
  configFile: string | null;
  demo: boolean;
}) => Promise<WebServiceHandle>;

export interface WebArgs {
  configFile: string | null;
  demo: boolean;
  port: number;
  staticDir: string | null;
}

export type ParseResult = { ok: true; value: WebArgs } | { ok: false; error: string };

export function parseWebArgs(argv: string[]): ParseResult {
  const out: WebArgs = { configFile: null, demo: false, port: 0, staticDir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=')
      ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
      : [a, undefined];
    const value = (): string | null =>
      inline ?? (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--') ? argv[++i]! : null);
    if (flag === '--demo') out.demo = true;
    else if (flag === '--config') {
      const v = value();
      if (!v) return { ok: false, error: '--config needs a file path' };
      out.configFile = v;
    } else if (flag === '--port') {
      const v = value();
      const n = v === null ? Number.NaN : Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        return { ok: false, error: `--port must be 0–65535 (0 = any free port), got ${v ?? 'nothing'}` };
      out.port = n;
    } else if (flag === '--static') {
      const v = value();
      if (!v) return { ok: false, error: '--static needs a folder' };
      out.staticDir = v;
    } else return { ok: false, error: `unknown option ${a}` };
  }
  if (out.demo && out.configFile) return { ok: false, error: 'use either --demo or --config, not both' };
  return { ok: true, value: out };
}

/** The built renderer: beside the bundle (out/cli → out/renderer), else ./out/renderer. */
export function defaultStaticDir(): string | null {
  const candidates = [
    fileURLToPath(new URL('../renderer', import.meta.url)),
    join(process.cwd(), 'out/renderer'),
  ];
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? null;
}

export const WEB_USAGE = 'hermes-mc web [--config FILE] [--demo] [--port N] [--static DIR]';

export function createWebCommand(deps: { createService: CreateWebService }) {
  return {
    name: 'web' as const,
    describe: 'Serve Mission Control to a browser on 127.0.0.1 (prints the URL with its token first)',
    usage: WEB_USAGE,
    async run(argv: string[], io: WebCommandIo): Promise<number> {
      const parsed = parseWebArgs(argv);
      if (!parsed.ok) {
        io.stderr(`hermes-mc web: ${parsed.error}`);
        io.stderr(`usage: ${WEB_USAGE}`);
        return 2;
      }
      const args = parsed.value;
      const staticDir = args.staticDir ? resolve(args.staticDir) : defaultStaticDir();
      if (!staticDir || !existsSync(join(staticDir, 'index.html'))) {
        io.stderr(
          'hermes-mc web: the renderer is not built (no index.html); run `npm run build:app` or pass --static DIR',
        );
        return 1;
      }
      let handle: WebServiceHandle;
      try {
        handle = await deps.createService({ configFile: args.configFile, demo: args.demo });
      } catch (err) {
        const e = err as { code?: string; message?: string };
        io.stderr(`hermes-mc web: ${e.code ?? 'START_FAILED'}: ${e.message ?? String(err)}`);
        return 1;
      }
      let server;
      try {
        server = await startWebServer({
          service: handle.service,
          port: args.port,
          staticDir,
          onState: handle.onState,
          onFocusWarning: handle.onFocusWarning,
        });
      } catch (err) {
        await handle.close?.();
        io.stderr(`hermes-mc web: cannot listen on 127.0.0.1:${args.port}: ${(err as Error).message}`);
        return 1;
      }
      io.stdout(server.url);
      io.stdout(
        `Serving Mission Control on 127.0.0.1:${server.port} only${args.demo ? ' (demo fleet)' : ''}. Open the URL above; Ctrl+C stops.`,
      );

      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        if (io.signal?.aborted) return stop();
        io.signal?.addEventListener('abort', stop, { once: true });
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await handle.close?.();
      return 0;
    },
  };
}
