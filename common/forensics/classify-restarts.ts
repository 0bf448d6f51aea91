/**
 * Restart forensics (issue 16 §3): every gateway restart gets one class — planned, crash, oom, reboot or
 * unknown — from the evidence Hermes leaves behind, and a burst of restarts is a storm.
 *
 * Evidence, strongest first:
 * - logs/gateway-exit-diag.log (hermes_cli/gateway.py `_exit_diag`; gateway/lifecycle_ledger.py
 *   `record_startup` → `gateway.previous_unclean_exit` with `suspected_oom`): how each life ended.
 *   Exit code 75 is Hermes's planned restart (`hermes gateway restart`, `hermes update`, our own restart
 *   command: SIGUSR1 → drain → exit 75, systemd `RestartForceExitStatus=75`).
 * - What the exporter itself saw between two runs: a changed boot id (the VM rebooted), a changed
 *   gateway pid/start time (a restart no poll saw down), systemd's `Result=oom-kill` / exit status,
 *   the lifecycle sentinel's `prior_unclean_exit` / `prior_suspected_oom`, a fresh faulthandler dump.
 * Pure: inputs are parsed values, times are epoch ms.
 */
import type { GatewayRestart, RestartClass } from '../contract/snapshot-signals.js';

/** One allowlisted record of gateway-exit-diag.log (never argv, tracebacks or exception text). */
export interface ExitDiagEvent {
  at: number;
  tag: string;
  pid: number | null;
  /** SystemExit code (`asyncio.run.SystemExit`). */
  code: number | null;
  /** `gateway.previous_unclean_exit` only. */
  suspectedOom: boolean;
}

export const PLANNED_EXIT_CODE = 75;
/** Two observations of one restart (diag log and the exporter's own) are at most this far apart. */
export const SAME_RESTART_MS = 3 * 60_000;

interface LifeEnd {
  cls: RestartClass;
  exitCode: number | null;
  evidence: string[];
}

/** How the life before `start` ended, from the diag records between the previous start and this one. */
function lifeEnd(between: ExitDiagEvent[], afterStart: ExitDiagEvent[]): LifeEnd {
  const unclean = afterStart.find((e) => e.tag === 'gateway.previous_unclean_exit');
  if (unclean) {
    return unclean.suspectedOom
      ? { cls: 'oom', exitCode: null, evidence: ['unclean exit', 'suspected OOM (memory critical)'] }
      : { cls: 'crash', exitCode: null, evidence: ['unclean exit (killed, no exit path ran)'] };
  }
  const sysExit = [...between].reverse().find((e) => e.tag === 'asyncio.run.SystemExit');
  if (sysExit) {
    const code = sysExit.code ?? 0;
    if (code === PLANNED_EXIT_CODE)
      return { cls: 'planned', exitCode: code, evidence: ['exit 75 (planned restart)'] };
    if (code === 0) return { cls: 'planned', exitCode: 0, evidence: ['clean stop (exit 0)'] };
    return { cls: 'crash', exitCode: code, evidence: [`exit ${code}`] };
  }
  if (between.some((e) => e.tag === 'asyncio.run.exception'))
    return { cls: 'crash', exitCode: 1, evidence: ['unhandled exception', 'exit 1'] };
  if (between.some((e) => e.tag === 'gateway.exit_nonzero'))
    return { cls: 'crash', exitCode: 1, evidence: ['exit 1'] };
  if (between.some((e) => e.tag === 'gateway.exit_clean' || e.tag === 'asyncio.run.KeyboardInterrupt'))
    return { cls: 'planned', exitCode: 0, evidence: ['clean stop (exit 0)'] };
  return { cls: 'unknown', exitCode: null, evidence: ['no exit record'] };
}

/**
 * Restarts reconstructed from the diag log: every `gateway.start` after the first one seen is a
 * restart, classified by how the previous life ended. The very first start has no previous life in
 * the log and is not counted.
 */
export function restartsFromExitDiag(events: ExitDiagEvent[]): GatewayRestart[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const startIdx = sorted.flatMap((e, i) => (e.tag === 'gateway.start' ? [i] : []));
  const out: GatewayRestart[] = [];
  for (let k = 1; k < startIdx.length; k++) {
    const prev = startIdx[k - 1]!;
    const cur = startIdx[k]!;
    const next = startIdx[k + 1] ?? sorted.length;
    const end = lifeEnd(sorted.slice(prev + 1, cur), sorted.slice(cur + 1, next));
    out.push({
      at: new Date(sorted[cur]!.at).toISOString(),
      class: end.cls,
      exitCode: end.exitCode,
      evidence: end.evidence,
      seenDown: false,
      downSeconds: null,
    });
  }
  return out;
}

/** What one exporter run saw of the gateway. */
export interface GatewayObservation {
  at: number;
  bootId: string | null;
  running: boolean | null;
  /** `pid:start_time` of the live gateway, null when not running or unknown. */
  identity: string | null;
  /** When the live gateway life started (epoch ms), if known. */
  lifeStartedAt: number | null;
}

/** Extra evidence available at the moment a restart is observed. */
export interface ObservedEvidence {
  sentinelPriorUnclean: boolean;
  sentinelPriorOom: boolean;
  /** systemd `Result` of the gateway unit (`oom-kill`, `exit-code`, `signal`, `success`). */
  unitResult: string | null;
  unitExitStatus: number | null;
  /** Faulthandler dump written within the previous life (epoch ms of its mtime). */
  faulthandlerAt: number | null;
}

/**
 * A restart between two exporter runs: a new boot id, or a new gateway identity, even when no run saw
 * it down. `lastUp` is the last observation with a live gateway (it may be older than `prev`).
 */
export function observedRestart(
  lastUp: GatewayObservation | null,
  prev: GatewayObservation | null,
  cur: GatewayObservation,
  ev: ObservedEvidence,
): GatewayRestart | null {
  if (cur.running !== true || cur.identity === null || lastUp === null || lastUp.identity === null)
    return null;
  const rebooted = lastUp.bootId !== null && cur.bootId !== null && lastUp.bootId !== cur.bootId;
  if (!rebooted && lastUp.identity === cur.identity) return null;
  const evidence: string[] = [];
  let cls: RestartClass = 'unknown';
  let exitCode: number | null = null;
  if (rebooted) {
    cls = 'reboot';
    evidence.push('boot id changed (the VM rebooted)');
  } else if (ev.unitResult === 'oom-kill' || ev.sentinelPriorOom) {
    cls = 'oom';
    evidence.push(ev.unitResult === 'oom-kill' ? 'systemd: oom-kill' : 'suspected OOM (lifecycle ledger)');
  } else if (ev.unitExitStatus === PLANNED_EXIT_CODE) {
    cls = 'planned';
    exitCode = PLANNED_EXIT_CODE;
    evidence.push('exit 75 (planned restart)');
  } else if (ev.sentinelPriorUnclean) {
    cls = 'crash';
    evidence.push('unclean exit (lifecycle ledger)');
  } else if (ev.unitExitStatus !== null && ev.unitExitStatus !== 0) {
    cls = 'crash';
    exitCode = ev.unitExitStatus;
    evidence.push(`exit ${ev.unitExitStatus}`);
  }
  if (ev.faulthandlerAt !== null && ev.faulthandlerAt >= lastUp.at - 60_000 && cls !== 'reboot') {
    if (cls === 'unknown' || cls === 'planned') cls = 'crash';
    evidence.push('faulthandler dump');
  }
  if (evidence.length === 0) evidence.push(prev?.running === false ? 'seen down' : 'new gateway process');
  const seenDown = prev !== null && prev.running === false;
  const at = cur.lifeStartedAt ?? cur.at;
  return {
    at: new Date(at).toISOString(),
    class: cls,
    exitCode,
    evidence,
    seenDown,
    downSeconds: seenDown ? Math.max(0, Math.round((at - lastUp.at) / 1000)) : null,
  };
}

/**
 * One list from both sources: observations of the same restart (within SAME_RESTART_MS) are merged —
 * the diag log's class wins unless the exporter saw a reboot, and `seenDown` comes from the exporter.
 */
export function mergeRestarts(fromDiag: GatewayRestart[], observed: GatewayRestart[]): GatewayRestart[] {
  const diag = fromDiag.map((r) => ({ ...r, evidence: [...r.evidence] }));
  const out = [...diag];
  // Two exporter observations are always two restarts (seen in different runs); only diag twins merge.
  for (const o of observed) {
    const t = Date.parse(o.at);
    const twin = diag.find((r) => Math.abs(Date.parse(r.at) - t) <= SAME_RESTART_MS);
    if (!twin) {
      out.push(o);
      continue;
    }
    if (o.class === 'reboot' || twin.class === 'unknown') {
      twin.class = o.class;
      twin.exitCode = twin.exitCode ?? o.exitCode;
    }
    // The kernel's own OOM kill of the old process outranks the diag log's "unclean exit".
    if (o.kernelOom === true) {
      twin.class = 'oom';
      twin.exitCode = null;
    }
    if (o.kernelOom !== undefined) twin.kernelOom = o.kernelOom;
    for (const e of o.evidence)
      if (!twin.evidence.includes(e) && twin.evidence.length < 6) twin.evidence.push(e);
    twin.seenDown = twin.seenDown || o.seenDown;
    twin.downSeconds = twin.downSeconds ?? o.downSeconds;
  }
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** N or more starts within `windowMinutes` ending at the latest one, while that latest one is recent. */
export function restartStorm(
  startTimes: number[],
  now: number,
  threshold: number,
  windowMinutes: number,
): { active: boolean; count: number; windowMinutes: number } {
  const windowMs = windowMinutes * 60_000;
  const sorted = [...startTimes].sort((a, b) => a - b);
  const latest = sorted[sorted.length - 1];
  if (latest === undefined) return { active: false, count: 0, windowMinutes };
  const count = sorted.filter((t) => t >= latest - windowMs && t <= latest).length;
  return { active: count >= threshold && now - latest <= windowMs, count, windowMinutes };
}

/** Words for a class, as the Health pane and warning texts say them. */
export function restartClassWords(cls: RestartClass): string {
  switch (cls) {
    case 'planned':
      return 'planned restart';
    case 'crash':
      return 'crash';
    case 'oom':
      return 'suspected out-of-memory kill';
    case 'reboot':
      return 'VM reboot';
    default:
      return 'unexplained restart';
  }
}
