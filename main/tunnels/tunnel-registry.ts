/**
 * The open dashboard forwards, one per (host, dashboard address): reused while open (a second click opens
 * the same URL, no second listener), forgotten when one closes itself when idle, all closed on quit. Its
 * ports feed the open-external allowlist, so only our own live tunnels can be opened in the browser.
 */
import type { Snapshot } from '../../common/contract/snapshot.js';
import {
  DashboardTunnel,
  dashboardTarget,
  type DashboardTarget,
  type ForwardingClient,
  type TunnelTimers,
} from './dashboard-tunnel.js';

export interface TunnelRegistryDeps {
  /** The live SSH client of a configured host (the connection manager's), or null. */
  getClient(hostName: string): ForwardingClient | null;
  idleMs?: number;
  timers?: TunnelTimers;
}

export interface OpenedTunnel {
  url: string;
  port: number;
  target: DashboardTarget;
  /** True when an already-open forward was reused. */
  reused: boolean;
}

export class TunnelRegistry {
  private readonly tunnels = new Map<string, Promise<DashboardTunnel>>();
  private readonly ports = new Set<number>();

  constructor(private readonly deps: TunnelRegistryDeps) {}

  /** Opens (or reuses) the forward to the dashboard described by `snapshot`, on `hostName`'s connection. */
  async open(hostName: string, snapshot: Snapshot | null): Promise<OpenedTunnel> {
    const target = dashboardTarget(snapshot);
    const key = `${hostName}|${target.host}|${target.port}`;
    const existing = this.tunnels.get(key);
    if (existing) {
      const tunnel = await existing.catch(() => null);
      if (tunnel?.isOpen) return { url: tunnel.url, port: tunnel.port, target, reused: true };
    }
    const opening = DashboardTunnel.open({
      getClient: () => this.deps.getClient(hostName),
      target,
      idleMs: this.deps.idleMs,
      timers: this.deps.timers,
      onClose: () => {
        if (this.tunnels.get(key) === opening) this.tunnels.delete(key);
        void opening.then((t) => this.ports.delete(t.port));
      },
    });
    this.tunnels.set(key, opening);
    try {
      const tunnel = await opening;
      if (tunnel.isOpen) this.ports.add(tunnel.port);
      return { url: tunnel.url, port: tunnel.port, target, reused: false };
    } catch (error) {
      if (this.tunnels.get(key) === opening) this.tunnels.delete(key);
      throw error;
    }
  }

  /** Local ports of the forwards open right now (synchronous: the window-open handler needs it). */
  forwardedPorts(): ReadonlySet<number> {
    return this.ports;
  }

  get size(): number {
    return this.tunnels.size;
  }

  /** On quit. */
  async closeAll(): Promise<void> {
    const tunnels = await Promise.all([...this.tunnels.values()].map((p) => p.catch(() => null)));
    this.tunnels.clear();
    await Promise.all(tunnels.map((t) => t?.close()));
    this.ports.clear();
  }
}
