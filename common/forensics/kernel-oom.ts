/**
 * Kernel OOM kills in the kernel journal (issue 16 §3): does the journal say the kernel killed the
 * gateway's old process for lack of memory? Pure: input is `journalctl -k -o short-unix` text.
 *
 * Only the fact (and the killed process's own short name) leaves this module: the journal lines also
 * name other processes, cgroups and memory figures, which never reach the snapshot.
 *
 * Matched by pid only. A process name such as `python3` is shared by every Python process on the VM,
 * so an OOM kill naming only it could be anyone's.
 */
import type { GatewayRestart } from '../contract/snapshot-signals.js';

/** What the kernel journal says about one restart; `kernelOom: null` = not readable (ADR 0002). */
export interface KernelOomFinding {
  kernelOom: boolean | null;
  /** `kernel: Out of memory: Killed process 4242 (python3)` when true. */
  evidence: string | null;
  /** Why the journal could not be read (for the probe and the restart's evidence), else null. */
  note: string | null;
}

/** `Out of memory: Killed process 4242 (python3) …`, `Memory cgroup out of memory: Killed process …`,
 * older kernels' `Kill process 4242 (python3) score …`, and `oom_reaper: reaped process 4242 (python3)`. */
const KILLED = /(?:Killed|Kill|reaped) process\s(\d+) \(([^)]{0,64})\)/;
/** `oom-kill:constraint=…,task=python3,pid=4242,uid=1000` (kernel ≥ 4.19). */
const OOM_KILL = /oom-kill:.*\btask=([^,\s]{0,64}),pid=(\d+)/;
const OOM_CONTEXT = /out of memory|oom-kill|oom_reaper/i;

/** The kernel's short name of the killed gateway (comm, ≤ 15 chars), or `gateway` when odd. */
function safeComm(name: string): string {
  return /^[\w.:+-]{1,16}$/.test(name) ? name : 'gateway';
}

/** Whether any OOM line in `text` names `pid`, and the name the kernel gave it. */
export function findKernelOomKill(text: string, pid: number): { name: string } | null {
  for (const line of text.split('\n')) {
    if (!OOM_CONTEXT.test(line)) continue;
    const k = KILLED.exec(line);
    if (k && Number(k[1]) === pid) return { name: safeComm(k[2]!) };
    const o = OOM_KILL.exec(line);
    if (o && Number(o[2]) === pid) return { name: safeComm(o[1]!) };
  }
  return null;
}

export function kernelOomEvidence(pid: number, name: string): string {
  return `kernel: Out of memory: Killed process ${pid} (${name})`;
}

/**
 * A restart with what the kernel journal said: a kernel OOM kill of the old process makes it an OOM
 * whatever else was guessed (the kernel's word beats "unclean exit"); unreadable adds the reason.
 */
export function withKernelOom(r: GatewayRestart, f: KernelOomFinding): GatewayRestart {
  const evidence = [...r.evidence];
  const add = (e: string | null) => {
    if (e !== null && !evidence.includes(e)) evidence.push(e);
  };
  if (f.kernelOom === true) {
    add(f.evidence);
    return { ...r, class: 'oom', exitCode: null, kernelOom: true, evidence: evidence.slice(-6) };
  }
  if (f.kernelOom === null) add(f.note);
  return { ...r, kernelOom: f.kernelOom, evidence: evidence.slice(0, 6) };
}
