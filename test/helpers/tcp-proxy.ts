/**
 * A TCP proxy on 127.0.0.1 that forwards to a target with a per-direction delay (a simulated Tailscale
 * link) and a black-hole switch that silently stops forwarding while keeping every socket open (a link
 * that stalls: no RST, no FIN — only keepalives can notice).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxyOptions {
  targetHost?: string;
  targetPort: number;
  /** Delay added to client → target data, in ms. */
  upDelayMs?: number;
  /** Delay added to target → client data, in ms. */
  downDelayMs?: number;
}

/**
 * Decides, per data chunk, whether to forward it, cut the whole connection (both sockets destroyed: the
 * peer sees a reset) or black-hole the proxy from then on. `index` counts chunks per connection and
 * direction from 0; `connection` counts connections from 0. Used to cut a link at an exact protocol step.
 */
export type ChunkFault = (chunk: {
  dir: 'up' | 'down';
  index: number;
  connection: number;
  bytes: number;
}) => 'forward' | 'drop' | 'blackhole';

export interface TcpProxyStats {
  connections: number;
  /** Bytes and write bursts (chunks) forwarded per direction. */
  upBytes: number;
  downBytes: number;
  upChunks: number;
  downChunks: number;
}

export interface TcpProxy {
  host: '127.0.0.1';
  port: number;
  /** On: drop all data both ways (existing and new connections stay open). Off: forward again. */
  blackhole(on: boolean): void;
  setDelay(upDelayMs: number, downDelayMs: number): void;
  stats(): TcpProxyStats;
  resetStats(): void;
  /** Destroy every proxied connection (the peer sees a reset/close) but keep listening. */
  dropConnections(): void;
  /** Install (or remove, with null) a per-chunk fault (see ChunkFault). */
  setFault(fault: ChunkFault | null): void;
  close(): Promise<void>;
}

export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const targetHost = options.targetHost ?? '127.0.0.1';
  let upDelay = options.upDelayMs ?? 0;
  let downDelay = options.downDelayMs ?? 0;
  let holed = false;
  let fault: ChunkFault | null = null;
  const sockets = new Set<Socket>();
  const stats: TcpProxyStats = { connections: 0, upBytes: 0, downBytes: 0, upChunks: 0, downChunks: 0 };

  const relay = (from: Socket, to: Socket, dir: 'up' | 'down', connection: number) => {
    let index = 0;
    from.on('data', (chunk: Buffer) => {
      if (holed) return;
      if (fault) {
        const action = fault({ dir, index: index++, connection, bytes: chunk.length });
        if (action === 'drop') {
          from.destroy();
          to.destroy();
          return;
        }
        if (action === 'blackhole') {
          holed = true;
          return;
        }
      }
      if (dir === 'up') {
        stats.upBytes += chunk.length;
        stats.upChunks++;
      } else {
        stats.downBytes += chunk.length;
        stats.downChunks++;
      }
      const delay = dir === 'up' ? upDelay : downDelay;
      // Equal delays fire in order, so the byte stream is never reordered.
      if (delay > 0) setTimeout(() => !to.destroyed && !holed && to.write(chunk), delay);
      else if (!to.destroyed) to.write(chunk);
    });
    from.on('end', () => {
      const delay = dir === 'up' ? upDelay : downDelay;
      setTimeout(() => !to.destroyed && !holed && to.end(), delay);
    });
    from.on('close', () => setTimeout(() => to.destroy(), dir === 'up' ? upDelay : downDelay));
    from.on('error', () => to.destroy());
  };

  const server: Server = createServer((client) => {
    const connection = stats.connections++;
    const upstream = connect(options.targetPort, targetHost);
    for (const s of [client, upstream]) {
      s.setNoDelay(true);
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    relay(client, upstream, 'up', connection);
    relay(upstream, client, 'down', connection);
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });

  return {
    host: '127.0.0.1',
    port,
    blackhole(on) {
      holed = on;
    },
    setDelay(up, down) {
      upDelay = up;
      downDelay = down;
    },
    stats: () => ({ ...stats }),
    resetStats() {
      Object.assign(stats, { connections: 0, upBytes: 0, downBytes: 0, upChunks: 0, downChunks: 0 });
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    setFault(f) {
      fault = f;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
