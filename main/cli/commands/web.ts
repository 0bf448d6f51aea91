/**
 * `hermes-mc web [--config FILE] [--demo] [--port N] [--static DIR] [--rotate-token]`: serves Mission
 * Control to a browser on 127.0.0.1 only. The FIRST line printed is the URL (with the data directory's
 * token, stable across restarts unless `--rotate-token`); then it runs until SIGINT/SIGTERM (or the
 * injected abort signal). Exit codes: main/cli/exit-codes.ts.
 *
 * The service is injected (`createService`), so this module does not pick the app core: the CLI registry
 * passes the real app service factory; tests pass a fixture.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppState, MissionControlService } from '../../../preload/ipc-contract.js';
import { dataDir as defaultDataDir } from '../../core/config/config-paths.js';
import { startWebServer } from '../../web/web-server.js';
import { loadWebToken } from '../../web/web-token.js';
import { parseCommandArgs, usageError } from '../cli-args.js';
import type { CliCommand, CliIo } from '../command.js';
import { EXIT, EXIT_STATUS_HELP } from '../exit-codes.js';
import { termOut } from '../format/term-output.js';

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

/** The built renderer: beside the bundle (out/cli → out/renderer), else ./out/renderer. */
export function defaultStaticDir(): string | null {
  const candidates = [
    fileURLToPath(new URL('../renderer', import.meta.url)),
    join(process.cwd(), 'out/renderer'),
  ];
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? null;
}

const USAGE = `Usage: hermes-mc web [options]

Serves Mission Control to a browser on 127.0.0.1 only. The FIRST line printed is the URL with its
token; open it in a browser on this machine. Runs until Ctrl-C. The token is kept (mode 0600) in the
data folder, so the same URL works after a restart and an open page reconnects by itself.

Options:
  --config FILE     Use this config file instead of the default one. A config error does not stop
                    the server: the window shows it, and Settings can fix it.
  --demo            Serve the demo fleet even if hosts are configured
  --port N          Listen on this port (0, the default, picks a free one)
  --static DIR      Serve the renderer from DIR instead of the built one
  --rotate-token    Issue a new token: pages holding the old one are refused and say so
  -h, --help        Show this help

${EXIT_STATUS_HELP}`;

interface WebValues {
  config?: string;
  demo?: boolean;
  port?: string;
  static?: string;
  'rotate-token'?: boolean;
}

export function createWebCommand(deps: {
  createService: CreateWebService;
  /** Stops the server when aborted (tests); otherwise SIGINT/SIGTERM do. */
  signal?: AbortSignal;
  /** Where the token is kept; default: the app's data folder (config-paths.ts) for `io.env`. */
  dataDir?: string;
}): CliCommand {
  return {
    name: 'web',
    summary: 'Serve Mission Control to a browser on 127.0.0.1 (prints the URL with its token first)',
    usage: USAGE,
    async run(argv: string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs<WebValues>(
        'web',
        argv,
        {
          config: { type: 'string' },
          demo: { type: 'boolean' },
          port: { type: 'string' },
          static: { type: 'string' },
          'rotate-token': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
        USAGE,
        io,
      );
      if (!parsed.ok) return parsed.code;
      const v = parsed.values;
      if (v.demo && v.config) return usageError('web', 'use either --demo or --config, not both', io).code;
      let port = 0;
      if (v.port !== undefined) {
        port = Number(v.port);
        if (!/^\d+$/.test(v.port) || port > 65535)
          return usageError('web', `--port must be 0–65535 (0 = any free port), got ${v.port}`, io).code;
      }
      const out = termOut(io.stdout, io.env);
      const err = termOut(io.stderr, io.env);
      const staticDir = v.static ? resolve(v.static) : defaultStaticDir();
      if (!staticDir || !existsSync(join(staticDir, 'index.html'))) {
        err.line(
          'hermes-mc web: the renderer is not built (no index.html); run `npm run build:app` or pass --static DIR',
        );
        return EXIT.unavailable;
      }
      let handle: WebServiceHandle;
      try {
        handle = await deps.createService({ configFile: v.config ?? null, demo: Boolean(v.demo) });
      } catch (e) {
        const x = e as { code?: string; message?: string };
        err.line(`hermes-mc web: ${x.code ?? 'START_FAILED'}: ${x.message ?? String(e)}`);
        return x.code === 'CONFIG_INVALID' ? EXIT.config : EXIT.internal;
      }
      let token: string;
      try {
        token = await loadWebToken(deps.dataDir ?? defaultDataDir({ env: io.env }), {
          rotate: Boolean(v['rotate-token']),
        });
      } catch (e) {
        await handle.close?.();
        err.line(`hermes-mc web: cannot keep the bridge token in the data folder: ${(e as Error).message}`);
        return EXIT.unavailable;
      }
      let server;
      try {
        server = await startWebServer({
          service: handle.service,
          token,
          port,
          staticDir,
          onState: handle.onState,
          onFocusWarning: handle.onFocusWarning,
        });
      } catch (e) {
        await handle.close?.();
        err.line(`hermes-mc web: cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`);
        return EXIT.unavailable;
      }
      out.line(server.url);
      out.line(
        `Serving Mission Control on 127.0.0.1:${server.port} only${v.demo ? ' (demo fleet)' : ''}. Open the URL above; it stays valid across restarts (--rotate-token issues a new one). Ctrl+C stops.`,
      );

      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        if (deps.signal?.aborted) return stop();
        deps.signal?.addEventListener('abort', stop, { once: true });
        void io.interrupted.then(stop);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      await handle.close?.();
      return EXIT.ok;
    },
  };
}
