/**
 * One exit-code contract for every `hermes-mc` command, one-shot and `--watch` alike.
 *
 * 0–3 are the instance verdicts, in the Nagios plugin convention (0 OK, 1 WARNING, 2 CRITICAL,
 * 3 UNKNOWN) that monitoring tools already read, so `hermes-mc status` drops into Nagios, Icinga, Sensu or
 * a cron `||` as it is. A fleet's code is its worst verdict (common/model/verdict.ts: Critical before
 * Unknown before Needs attention): one critical instance is 2 even if the other is unknown; otherwise
 * one unknown instance is 3, because data we cannot vouch for is never "otherwise fine".
 * Failures of the command itself take sysexits.h codes (64, 69, 70, 78), so a script never mistakes a typo
 * or a broken config for a verdict.
 * `incidents` (a timeline of what already happened) and `maintenance` (a setting you changed) report no
 * health, so they never exit 1–3: 0 when done, the same sysexits codes when not. Reading yesterday's
 * outages must not page anyone, and `hermes-mc maintenance bheem 2h && restart` must not stop because the
 * fleet happens to need attention.
 */
import type { VerdictLevel } from '../../common/model/verdict.js';
import { instanceVerdict, worstVerdict } from '../../common/model/verdict.js';
import type { InstanceStatus } from '../../common/model/instance-status.js';
import type { Warning } from '../../common/model/warning.js';

export const EXIT = {
  /** Every instance OK (verdict commands); the command did what was asked (fingerprint, web). */
  ok: 0,
  /** Some instance needs attention (a warning), none critical or unknown. */
  attention: 1,
  /** Some instance is critical. */
  critical: 2,
  /** Some instance's data is not current (stale, unreachable, unknown host key, not checked), or the host did not answer. */
  unknown: 3,
  /** EX_USAGE: bad arguments, or no command given. */
  usage: 64,
  /** EX_UNAVAILABLE: this machine cannot do it (the port is taken, the renderer is not built). */
  unavailable: 69,
  /** EX_SOFTWARE: a bug in hermes-mc (the message says so). */
  internal: 70,
  /** EX_CONFIG: the config file is missing, unreadable or invalid (the message names the file and field). */
  config: 78,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_VERDICT: Record<VerdictLevel, ExitCode> = {
  ok: EXIT.ok,
  attention: EXIT.attention,
  critical: EXIT.critical,
  unknown: EXIT.unknown,
};

export function verdictExitCode(level: VerdictLevel): ExitCode {
  return BY_VERDICT[level];
}

/** The fleet's exit code: its worst instance verdict (no instances at all is Unknown). */
export function fleetExitCode(instances: readonly InstanceStatus[], warnings: readonly Warning[]): ExitCode {
  return verdictExitCode(worstVerdict(instances.map((i) => instanceVerdict(i, warnings).level)));
}

/** The block every `--help` ends with, so the contract is stated wherever a person looks. */
export const EXIT_STATUS_HELP = `Exit status (the same for every hermes-mc command, one-shot or --watch):
   0  OK: every instance OK (fingerprint: key printed; web: stopped with Ctrl-C)
   1  Needs attention: a warning on some instance, none critical or unknown
   2  Critical: a critical warning on some instance
   3  Unknown: some instance's data is not current (stale, unreachable, host key
      not trusted, not checked yet), or the host did not answer
  64  usage error (unknown option, missing argument, no command)
  69  unavailable here (port in use, renderer not built)
  70  internal error (a bug: please report it)
  78  config error (the message names the file and the field)
  --watch exits with the code of the last screen when you press Ctrl-C.
  incidents and maintenance report no health (a timeline of what already
  happened, a setting you changed): they exit 0 when done, never 1-3.
`;
