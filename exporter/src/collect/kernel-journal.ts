/**
 * Reads the kernel journal once for one observed gateway restart (issue 16 §3): `journalctl -k` over
 * the old life's last sighting … the new life's start, newest lines only, no `-g` (it needs pcre2 at run
 * time, and a failed `-g` would cost a second subprocess): the OOM lines are picked out here and only
 * the fact leaves (common/forensics/kernel-oom.ts).
 *
 * Unknown, never "not OOM", when the journal is not readable: no permission (a user instance outside
 * the `systemd-journal`/`adm` groups sees no kernel messages and only a hint on stderr), no journal
 * files (journald absent), journalctl missing, timed out or failing.
 */
import {
  findKernelOomKill,
  kernelOomEvidence,
  type KernelOomFinding,
} from '../../../common/forensics/kernel-oom.js';
import type { CollectContext, ExecResult } from './context.js';

/** The OOM kill is logged just before the new start: the newest lines of the window hold it. */
export const KERNEL_JOURNAL_LINES = 2000;
const MAX_BYTES = 1024 * 1024;
const TIMEOUT_MS = 5000;
/** Never look back further than a day, however long ago the old gateway was last seen. */
const MAX_WINDOW_MS = 86400_000;
/** Slack either side: clocks of journald and /proc start times disagree by a little. */
const SLACK_MS = 60_000;

export function kernelJournalArgs(sinceMs: number, untilMs: number): string[] {
  const until = Math.ceil((untilMs + SLACK_MS) / 1000);
  const since = Math.floor((Math.max(sinceMs, untilMs - MAX_WINDOW_MS) - SLACK_MS) / 1000);
  return [
    '-k',
    '--no-pager',
    '-o',
    'short-unix',
    '--since',
    `@${since}`,
    '--until',
    `@${until}`,
    '-n',
    String(KERNEL_JOURNAL_LINES),
  ];
}

/** Why journalctl's answer cannot be trusted to be complete, or null when it can. */
function unreadableReason(r: ExecResult): string | null {
  const err = r.stderr;
  if (r.timedOut) return 'kernel journal not read: journalctl timed out';
  if (/spawn failed|ENOENT/.test(err) && r.code === null)
    return 'kernel journal not read: journalctl not found';
  if (
    /insufficient permissions|not seeing messages from other users and the system|Permission denied/i.test(
      err,
    )
  )
    return 'kernel journal not readable: no permission (not in the systemd-journal or adm group)';
  if (/No journal files were (found|opened)/i.test(err))
    return 'kernel journal not readable: no journal files (journald absent)';
  if (r.code === null) return 'kernel journal not read: journalctl output too large';
  if (r.code !== 0) return `kernel journal not read: journalctl exited ${r.code}`;
  return null;
}

/** Pure: journalctl's result → what it says about the old gateway `pid`. */
export function interpretKernelJournal(r: ExecResult, pid: number): KernelOomFinding {
  const note = unreadableReason(r);
  if (note !== null) {
    // A kill seen before the failure is still a kill; its absence proves nothing.
    const partial = findKernelOomKill(r.stdout, pid);
    return partial
      ? { kernelOom: true, evidence: kernelOomEvidence(pid, partial.name), note: null }
      : { kernelOom: null, evidence: null, note };
  }
  const kill = findKernelOomKill(r.stdout, pid);
  return kill
    ? { kernelOom: true, evidence: kernelOomEvidence(pid, kill.name), note: null }
    : { kernelOom: false, evidence: null, note: null };
}

/** One subprocess: the kernel journal between `sinceMs` and `untilMs` for the old gateway `pid`. */
export async function readKernelOom(
  ctx: CollectContext,
  pid: number,
  sinceMs: number,
  untilMs: number,
): Promise<KernelOomFinding> {
  const env: NodeJS.ProcessEnv = { ...ctx.env, LC_ALL: 'C', SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' };
  const result = await ctx.exec('journalctl', kernelJournalArgs(sinceMs, untilMs), {
    timeoutMs: TIMEOUT_MS,
    maxBuffer: MAX_BYTES,
    env,
  });
  return interpretKernelJournal(result, pid);
}
