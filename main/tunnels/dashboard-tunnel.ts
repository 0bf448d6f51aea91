/**
 * "Open dashboard": a loopback-only local port forward through the SSH connection the app already has
 * (ssh2 `forwardOut`, i.e. a direct-tcpip channel — what `ssh -L` does), to the address the dashboard is
 * actually bound to according to the snapshot. The local end listens on 127.0.0.1 with an ephemeral port,
 * never on another interface. The forward is probed once when opened, so a `PermitOpen` refusal is a
 * clear error instead of a browser tab that never loads; it closes itself when idle.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Snapshot } from '../../common/contract/snapshot.js';

/** The slice of an ssh2 Client used (structural, so a reconnected client works the same). */
export interface ForwardingClient {
  forwardOut(
    srcIP: string,
    srcPort: number,
    dstIP: string,
    dstPort: number,
    callback: (err: Error | undefined, stream: Duplex) => void,
  ): unknown;
}

export interface DashboardTarget {
  host: string;
  port: number;
}

/** Errors with codes the UI branches on. */
export class TunnelError extends Error {
  constructor(
    readonly code:
      | 'NO_SNAPSHOT'
      | 'DASHBOARD_UNKNOWN'
      | 'DASHBOARD_NOT_LISTENING'
      | 'UNREACHABLE'
      | 'TUNNEL_FORBIDDEN'
      | 'DASHBOARD_UNREACHABLE'
      | 'TUNNEL_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'TunnelError';
  }
}

/**
 * Where to forward to, from the snapshot's view of the listening sockets: loopback first (what the
 * restricted account's PermitOpen allows, and what a wildcard bind also answers on), then Tailscale, then
 * anything else the dashboard is bound to.
 */
export function dashboardTarget(snapshot: Snapshot | null): DashboardTarget {
  if (!snapshot) throw new TunnelError('NO_SNAPSHOT', 'No snapshot has been read for this instance yet.');
  const { port, bindings } = snapshot.dashboard;
  if (port === null)
    throw new TunnelError('DASHBOARD_UNKNOWN', 'The snapshot does not say which port the dashboard uses.');
  if (bindings.length === 0) {
    throw new TunnelError(
      'DASHBOARD_NOT_LISTENING',
      `Nothing listens on the dashboard port ${port} on the VM.`,
    );
  }
  const rank = (b: (typeof bindings)[number]): [number, string] => {
    if (b.class === 'loopback') return [0, b.family === 'ipv6' ? '::1' : '127.0.0.1'];
    if (b.class === 'any') return [1, b.family === 'ipv6' ? '::1' : '127.0.0.1'];
    if (b.class === 'tailscale') return [2, b.address];
    return [3, b.address];
  };
  const best = bindings
    .map(rank)
    .sort((a, b) => a[0] - b[0] || (a[1].includes(':') ? 1 : 0) - (b[1].includes(':') ? 1 : 0))[0];
  return { host: best ? best[1] : '127.0.0.1', port };
}

export interface TunnelTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface DashboardTunnelOptions {
  /** The live SSH client for the host, or null while disconnected (looked up per connection). */
  getClient(): ForwardingClient | null;
  target: DashboardTarget;
  /** Close after this long with no open browser connection. Default 10 minutes. */
  idleMs?: number;
  timers?: TunnelTimers;
  /** Called once when the tunnel closes, with why. */
  onClose?(reason: 'idle' | 'closed'): void;
}

const DEFAULT_IDLE_MS = 10 * 60_000;

/** Real timers, unref'd so an idle tunnel never keeps the process alive by itself. */
const defaultTimers: TunnelTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** RFC 4254 §5.1 channel-open failure reasons (ssh2 puts them on `err.reason`). */
const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;
const OPEN_CONNECT_FAILED = 2;

function classify(err: Error & { reason?: unknown }, target: DashboardTarget): TunnelError {
  const where = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  // OpenSSH answers a PermitOpen refusal with reason 1 and the bare description "open failed".
  if (err.reason === OPEN_ADMINISTRATIVELY_PROHIBITED || /prohibited|not permitted/i.test(err.message)) {
    return new TunnelError(
      'TUNNEL_FORBIDDEN',
      `The SSH server refused to forward to ${where} (check PermitOpen / AllowTcpForwarding for this account).`,
    );
  }
  if (err.reason === OPEN_CONNECT_FAILED || /refused|unreachable|no route/i.test(err.message)) {
    return new TunnelError('DASHBOARD_UNREACHABLE', `The VM could not connect to the dashboard at ${where}.`);
  }
  return new TunnelError('TUNNEL_FAILED', `Could not open a forward to ${where}: ${err.message}`);
}

function openChannel(
  client: ForwardingClient,
  socket: { remoteAddress?: string; remotePort?: number },
  target: DashboardTarget,
): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut(
      socket.remoteAddress ?? '127.0.0.1',
      socket.remotePort ?? 0,
      target.host,
      target.port,
      (err, stream) => (err ? reject(classify(err, target)) : resolve(stream)),
    );
  });
}

/** One open forward. Create with `DashboardTunnel.open`. */
export class DashboardTunnel {
  private readonly sockets = new Set<Socket>();
  private idleTimer: unknown = null;
  private closed = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly options: DashboardTunnelOptions,
  ) {}

  /** Probes the forward, then listens on 127.0.0.1:<ephemeral>. Throws TunnelError. */
  static async open(options: DashboardTunnelOptions): Promise<DashboardTunnel> {
    const client = options.getClient();
    if (!client) throw new TunnelError('UNREACHABLE', 'Not connected to this host right now.');
    const probe = await openChannel(client, { remoteAddress: '127.0.0.1', remotePort: 0 }, options.target);
    probe.destroy();

    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const tunnel = new DashboardTunnel(server, port, options);
    server.on('connection', (socket) => tunnel.accept(socket));
    tunnel.armIdle();
    return tunnel;
  }

  /** `http://127.0.0.1:<port>/` */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Stops listening and drops every forwarded connection. */
  async close(reason: 'idle' | 'closed' = 'closed'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.disarmIdle();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.options.onClose?.(reason);
  }

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    this.disarmIdle();
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) this.armIdle();
    });
    socket.on('error', () => socket.destroy());
    socket.pause();
    const client = this.options.getClient();
    if (!client) {
      socket.destroy();
      return;
    }
    openChannel(client, socket, this.options.target).then(
      (stream) => {
        if (socket.destroyed) {
          stream.destroy();
          return;
        }
        stream.on('error', () => socket.destroy());
        socket.on('close', () => stream.destroy());
        stream.on('close', () => socket.destroy());
        socket.pipe(stream).pipe(socket);
        socket.resume();
      },
      () => socket.destroy(),
    );
  }

  private armIdle(): void {
    if (this.closed) return;
    this.disarmIdle();
    const timers = this.options.timers ?? defaultTimers;
    this.idleTimer = timers.setTimeout(() => {
      this.idleTimer = null;
      if (this.sockets.size === 0) void this.close('idle');
    }, this.options.idleMs ?? DEFAULT_IDLE_MS);
  }

  private disarmIdle(): void {
    if (this.idleTimer === null) return;
    const timers = this.options.timers ?? defaultTimers;
    timers.clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
