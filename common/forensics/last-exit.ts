/**
 * How the gateway's last life ended, in words, for the "Gateway is not running" warning while it is
 * down (issue 16 §3: the class in the warning text). From the lifecycle sentinel
 * (gateway/lifecycle_ledger.py: `exited` + exit code on every clean exit path; still `running` after a
 * death no handler saw) and systemd's `Result=oom-kill`. Null when there is no evidence.
 */
import type { Snapshot } from '../contract/snapshot.js';
import { PLANNED_EXIT_CODE } from './classify-restarts.js';

export function lastExitWords(snapshot: Snapshot): string | null {
  const unit = snapshot.systemd.units.find((u) => u.role === 'gateway');
  if (unit?.result === 'oom-kill') return 'suspected out-of-memory kill (systemd: oom-kill)';
  const sentinel = snapshot.signals?.gatewayLifecycle?.sentinel;
  if (!sentinel) return null;
  if (sentinel.phase === 'running' && snapshot.gateway.running === false)
    return 'killed without running any exit path (SIGKILL, out of memory or VM death)';
  if (sentinel.phase !== 'exited') return null;
  const code = sentinel.exitCode;
  if (code === PLANNED_EXIT_CODE) return 'planned restart (exit 75), not back yet';
  if (code === 0 || code === null)
    return `clean stop${sentinel.exitReason ? ` (${sentinel.exitReason})` : ''}`;
  return `crash (exit ${code})`;
}
