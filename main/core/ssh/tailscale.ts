/**
 * Tailscale awareness: when the VM is unreachable, ask the local `tailscale` CLI (`tailscale status
 * --json`, with a timeout) whether it is our side (TAILSCALE_DOWN) or the VM's node (PEER_OFFLINE, with
 * when it was last seen) rather than an SSH-level problem. Where the CLI is absent or says nothing about
 * the host, the original reason stands. Parsing is pure; the exec is injected.
 */
import { execFile } from 'node:child_process';
import type { StatusReason } from '../../../common/model/instance-status.js';
import { makeReason } from './errors.js';

export interface TailscalePeer {
  hostName: string;
  dnsName: string;
  tailscaleIps: string[];
  online: boolean;
  /** ISO, or null when Tailscale reports the zero time. */
  lastSeen: string | null;
}

export interface TailscaleStatus {
  backendState: string;
  magicDnsSuffix: string | null;
  self: TailscalePeer | null;
  peers: TailscalePeer[];
}

/** What running the CLI produced: JSON text, a failure message, or "not installed". */
export type TailscaleExecResult =
  { kind: 'ok'; stdout: string } | { kind: 'failed'; message: string } | { kind: 'absent' };

export type TailscaleExec = (args: string[], timeoutMs: number) => Promise<TailscaleExecResult>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function peerFrom(raw: unknown): TailscalePeer | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const lastSeen = str(r.LastSeen);
  return {
    hostName: str(r.HostName),
    dnsName: str(r.DNSName).replace(/\.$/, ''),
    tailscaleIps: Array.isArray(r.TailscaleIPs)
      ? r.TailscaleIPs.filter((x): x is string => typeof x === 'string')
      : [],
    online: r.Online === true,
    // Go's zero time means "never seen" (or currently connected on some versions).
    lastSeen: lastSeen && !lastSeen.startsWith('0001-01-01') ? lastSeen : null,
  };
}

/** Parse `tailscale status --json` output; null when it is not that shape. */
export function parseTailscaleStatus(json: unknown): TailscaleStatus | null {
  if (typeof json !== 'object' || json === null) return null;
  const j = json as Record<string, unknown>;
  if (typeof j.BackendState !== 'string') return null;
  const peersRaw = typeof j.Peer === 'object' && j.Peer !== null ? Object.values(j.Peer as object) : [];
  const suffix =
    str(j.MagicDNSSuffix) || str((j.CurrentTailnet as Record<string, unknown> | undefined)?.MagicDNSSuffix);
  return {
    backendState: j.BackendState,
    magicDnsSuffix: suffix || null,
    self: peerFrom(j.Self),
    peers: peersRaw.map(peerFrom).filter((p): p is TailscalePeer => p !== null),
  };
}

/** 100.64.0.0/10 (CGNAT range Tailscale uses) or its IPv6 ULA prefix fd7a:115c:a1e0::/48. */
export function isTailscaleAddress(host: string): boolean {
  const m = /^100\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (m) return Number(m[1]) >= 64 && Number(m[1]) <= 127;
  return host.toLowerCase().startsWith('fd7a:115c:a1e0:');
}

export function findPeer(status: TailscaleStatus, host: string): TailscalePeer | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  return (
    status.peers.find(
      (p) =>
        p.tailscaleIps.includes(h) ||
        p.hostName.toLowerCase() === h ||
        p.dnsName.toLowerCase() === h ||
        (p.dnsName && p.dnsName.toLowerCase().split('.')[0] === h),
    ) ?? null
  );
}

/**
 * Refine a network-level reason for `host` with a Tailscale status (pure). Only hosts that are on the
 * tailnet (a peer matches, a 100.64/10 address, or a MagicDNS name) are refined: a LAN VM is not
 * "Tailscale down" just because Tailscale is off.
 */
export function refineWithTailscale(
  reason: StatusReason,
  host: string,
  status: TailscaleStatus | 'down',
): StatusReason {
  const h = host.toLowerCase();
  const onTailnetName = (suffix: string | null) =>
    isTailscaleAddress(h) ||
    h.endsWith('.ts.net') ||
    (suffix !== null && h.endsWith(`.${suffix.toLowerCase()}`));
  if (status === 'down') {
    if (!onTailnetName(null)) return reason;
    return makeReason(
      'TAILSCALE_DOWN',
      `Tailscale is not running on this computer, so ${host} cannot be reached: start it (tailscale up) and it reconnects on its own.`,
      { ...reason.detail, backendState: 'NoDaemon', sshReason: reason.code },
    );
  }
  const peer = findPeer(status, h);
  if (!peer && !onTailnetName(status.magicDnsSuffix)) return reason;
  if (status.backendState !== 'Running') {
    return makeReason(
      'TAILSCALE_DOWN',
      `Tailscale on this computer is ${status.backendState}, so ${host} cannot be reached: run \`tailscale up\` (or log in) and it reconnects on its own.`,
      { ...reason.detail, backendState: status.backendState, sshReason: reason.code },
    );
  }
  if (peer && !peer.online) {
    const seen = peer.lastSeen ? `last seen ${peer.lastSeen}` : 'never seen online';
    return makeReason(
      'PEER_OFFLINE',
      `The VM's Tailscale node ${peer.hostName || host} is offline (${seen}): the VM is down or its tailscaled stopped — check it from the cloud console.`,
      { ...reason.detail, lastSeen: peer.lastSeen, peer: peer.hostName || null, sshReason: reason.code },
    );
  }
  return reason;
}

/** Run a real `tailscale` binary with a timeout; ENOENT → absent. Never throws. */
export function execTailscale(binary = 'tailscale'): TailscaleExec {
  return (args, timeoutMs) =>
    new Promise((resolve) => {
      execFile(
        binary,
        args,
        { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, windowsHide: true },
        (err, stdout, stderr) => {
          if (err) {
            if ((err as NodeJS.ErrnoException).code === 'ENOENT') resolve({ kind: 'absent' });
            else resolve({ kind: 'failed', message: (String(stderr).trim() || err.message).slice(0, 300) });
            return;
          }
          resolve({ kind: 'ok', stdout: String(stdout) });
        },
      );
    });
}

/**
 * A `refineUnreachable` for the ConnectionManager. A CLI that runs but cannot reach its daemon
 * ("failed to connect to local tailscaled") means Tailscale is down here; a timeout or odd output
 * leaves the reason alone.
 */
export function createTailscaleRefiner(
  options: { exec?: TailscaleExec; timeoutMs?: number } = {},
): (reason: StatusReason, host: string) => Promise<StatusReason> {
  const exec = options.exec ?? execTailscale();
  const timeoutMs = options.timeoutMs ?? 3_000;
  return async (reason, host) => {
    const res = await exec(['status', '--json'], timeoutMs);
    if (res.kind === 'absent') return reason;
    if (res.kind === 'failed') {
      return /tailscaled|not running|connect to local/i.test(res.message)
        ? refineWithTailscale(reason, host, 'down')
        : reason;
    }
    let json: unknown;
    try {
      json = JSON.parse(res.stdout);
    } catch {
      return reason;
    }
    const status = parseTailscaleStatus(json);
    return status ? refineWithTailscale(reason, host, status) : reason;
  };
}
