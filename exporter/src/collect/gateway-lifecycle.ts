/**
 * Gateway lifecycle evidence, read from files only (no subprocess, no journal):
 * - `state/gateway.lifecycle.json` (gateway/lifecycle_ledger.py `record_startup` writes
 *   `{phase: running, pid, start_time, started_at, create_time, prior_unclean_exit, prior_suspected_oom}`,
 *   `mark_exited` rewrites `{phase: exited, exit_code, exit_reason, exited_at}`).
 * - `logs/gateway-exit-diag.log` (JSON lines, hermes_cli/gateway.py `_exit_diag` and
 *   lifecycle_ledger `_append_exit_diag`): only `ts`, `tag`, `pid`, `code`, `suspected_oom` are kept —
 *   the lines also carry argv, tracebacks and exception text, which never leave the VM.
 * - `logs/gateway_faulthandler.log` (a Python fatal-error dump when non-empty): its mtime.
 * - `gateway_state.json` `code_sha` / `code_version` (gateway/status.py `write_runtime_status`) against
 *   the installed checkout: different = the running gateway has not loaded the installed code yet.
 * - `/proc/sys/kernel/random/boot_id` and the live gateway's start time from `/proc/<pid>/stat`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExitDiagEvent } from '../../../common/forensics/classify-restarts.js';
import type { GatewayLifecycle } from '../../../common/contract/snapshot-signals.js';
import { isRecord, readJsonFile, readTextOrNull, statOrNull } from '../lib/read-text.js';
import { safeLabel } from '../lib/redact.js';
import { parseTime, toIso } from '../lib/time.js';
import { parseStatStartTime } from './gateway.js';

const DIAG_TAGS = new Set([
  'gateway.start',
  'gateway.exit_clean',
  'gateway.exit_nonzero',
  'gateway.previous_unclean_exit',
  'asyncio.run.returned',
  'asyncio.run.SystemExit',
  'asyncio.run.exception',
  'asyncio.run.KeyboardInterrupt',
  'atexit.hook',
]);
/** Linux USER_HZ: /proc/<pid>/stat start times are in these ticks since boot. */
const CLOCK_TICKS = 100;
const WEEK_MS = 7 * 86400_000;

export type Sentinel = NonNullable<GatewayLifecycle['sentinel']> & { pid: number | null };

export function parseSentinel(value: unknown): Sentinel | null {
  if (!isRecord(value)) return null;
  const code = value.exit_code;
  const pid = Number(value.pid);
  return {
    phase: safeLabel(value.phase, 32),
    pid: Number.isInteger(pid) && pid > 0 ? pid : null,
    startedAt: toIso(parseTime(value.started_at)),
    exitedAt: toIso(parseTime(value.exited_at)),
    exitCode: typeof code === 'number' && Number.isInteger(code) ? code : null,
    exitReason: safeLabel(value.exit_reason, 64),
    priorUncleanExit: value.prior_unclean_exit === true,
    priorSuspectedOom: value.prior_suspected_oom === true,
  };
}

/** Allowlisted events from the diag log text; unparseable lines are skipped. */
export function parseExitDiag(text: string): ExitDiagEvent[] {
  const out: ExitDiagEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRecord(rec) || typeof rec.tag !== 'string' || !DIAG_TAGS.has(rec.tag)) continue;
    const at = parseTime(rec.ts);
    if (at === null) continue;
    const pid = Number(rec.pid);
    out.push({
      at: at.getTime(),
      tag: rec.tag,
      pid: Number.isInteger(pid) && pid > 0 ? pid : null,
      code: typeof rec.code === 'number' && Number.isInteger(rec.code) ? rec.code : null,
      suspectedOom: rec.suspected_oom === true,
    });
  }
  return out;
}

/** Exit code of an exit record: SystemExit's own code, 1 for an unhandled exception or exit_nonzero. */
function exitCodeOf(e: ExitDiagEvent): number {
  return e.tag === 'asyncio.run.SystemExit' ? (e.code ?? 0) : 1;
}

const EXIT_TAGS = new Set(['asyncio.run.SystemExit', 'gateway.exit_nonzero', 'asyncio.run.exception']);

/** 7-day counts; `nonzeroExits7d` counts crash exits only (not 0, not the planned 75). */
export function summarizeExitDiag(events: ExitDiagEvent[], now: number): GatewayLifecycle['exitDiag'] {
  const recent = events.filter((e) => e.at >= now - WEEK_MS);
  const exits = recent.filter((e) => EXIT_TAGS.has(e.tag)).sort((a, b) => a.at - b.at);
  const last = exits[exits.length - 1];
  const unclean = recent.filter((e) => e.tag === 'gateway.previous_unclean_exit');
  return {
    starts7d: recent.filter((e) => e.tag === 'gateway.start').length,
    uncleanExits7d: unclean.length,
    suspectedOom7d: unclean.filter((e) => e.suspectedOom).length,
    nonzeroExits7d: exits.filter((e) => ![0, 75].includes(exitCodeOf(e))).length,
    lastExitCode: last ? exitCodeOf(last) : null,
    lastEventAt: recent.length ? new Date(Math.max(...recent.map((e) => e.at))).toISOString() : null,
  };
}

/** Same commit when one hash is a prefix of the other (Hermes prints 8 hex; code_sha may be full). */
export function sameCommit(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.length >= 7 && y.length >= 7 && (x.startsWith(y) || y.startsWith(x));
}

/** `v0.21.3+4.gabc` → `0.21.3`: the release both sides name, whatever decoration each adds. */
function baseVersion(v: string): string {
  return v
    .trim()
    .replace(/^v/i, '')
    .split(/[+\s(]/)[0]!;
}

export function restartPendingOf(
  codeSha: string | null,
  codeVersion: string | null,
  installedHead: string | null,
  installedVersion: string | null,
): boolean | null {
  if (codeSha !== null && installedHead !== null) return !sameCommit(codeSha, installedHead);
  if (codeVersion !== null && installedVersion !== null)
    return baseVersion(codeVersion) !== baseVersion(installedVersion);
  return null;
}

export interface LifecycleFiles {
  sentinel: Sentinel | null;
  diagEvents: ExitDiagEvent[] | null;
  faulthandlerAt: number | null;
  codeSha: string | null;
  codeVersion: string | null;
  /** gateway-starts.log epochs (ms), for storms Hermes itself saw between our runs. */
  startTimes: number[];
}

export async function readLifecycleFiles(hermesHome: string): Promise<LifecycleFiles> {
  const [sentinelRead, diagText, fault, stateRead, startsText] = await Promise.all([
    readJsonFile(join(hermesHome, 'state', 'gateway.lifecycle.json'), 64 * 1024),
    readTextOrNull(join(hermesHome, 'logs', 'gateway-exit-diag.log'), 512 * 1024),
    statOrNull(join(hermesHome, 'logs', 'gateway_faulthandler.log')),
    readJsonFile(join(hermesHome, 'gateway_state.json'), 1024 * 1024),
    readTextOrNull(join(hermesHome, 'gateway-starts.log'), 256 * 1024),
  ]);
  const state = stateRead.status === 'ok' && isRecord(stateRead.value) ? stateRead.value : null;
  const sha = state && typeof state.code_sha === 'string' ? state.code_sha.trim() : '';
  return {
    sentinel: sentinelRead.status === 'ok' ? parseSentinel(sentinelRead.value) : null,
    diagEvents: diagText === null ? null : parseExitDiag(diagText),
    faulthandlerAt: fault && fault.isFile() && fault.size > 0 ? fault.mtimeMs : null,
    codeSha: /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 40).toLowerCase() : null,
    codeVersion: state ? safeLabel(state.code_version, 64) : null,
    startTimes: (startsText ?? '')
      .split('\n')
      .map((l) => parseTime(l.trim())?.getTime() ?? null)
      .filter((t): t is number => t !== null),
  };
}

/** /proc files report size 0, so they are read whole (they are small); null when unreadable. */
async function readProcFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

export async function readBootId(procRoot: string): Promise<string | null> {
  const text = await readProcFile(join(procRoot, 'sys', 'kernel', 'random', 'boot_id'));
  const id = text?.trim() ?? '';
  return /^[0-9a-f-]{16,64}$/i.test(id) ? id : null;
}

/** The live gateway's identity (`pid:starttime`) and its start as epoch ms (boot time + ticks). */
export async function readProcessLife(
  procRoot: string,
  pid: number,
): Promise<{ identity: string; startedAt: number | null } | null> {
  const [stat, procStat] = await Promise.all([
    readProcFile(join(procRoot, String(pid), 'stat')),
    readProcFile(join(procRoot, 'stat')),
  ]);
  const ticks = stat === null ? null : parseStatStartTime(stat);
  if (ticks === null) return null;
  const btime = Number(/^btime\s+(\d+)/m.exec(procStat ?? '')?.[1]);
  return {
    identity: `${pid}:${ticks}`,
    startedAt: Number.isFinite(btime) && btime > 0 ? btime * 1000 + (ticks / CLOCK_TICKS) * 1000 : null,
  };
}
