/**
 * A black-holed link (packets dropped, nothing refused) through a real sshd and the TCP proxy (issue 11
 * §4): the poller reports it within max(2 poll intervals, the keepalive detection time) — here scaled
 * down — says "checking…" with the last answer meanwhile, answers a Refresh in time whatever the link
 * does, and comes back on its own when the link heals. Asserts the state transitions, the path that
 * reported the fault and the order of events; no wall-clock duration is asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstanceStatus } from '../../common/model/instance-status.js';
import { FleetPoller } from '../../main/core/poll/fleet-poller.js';
import { createSshSource } from '../../main/core/sources/instance-source.js';
import { ConnectionManager } from '../../main/core/ssh/connection-manager.js';
import { silentLinkDetectionMs } from '../../main/core/ssh/connection-timing.js';
import { makeSnapshot } from '../fixtures/snapshot-factory.js';
import { startSshd, type SshdHandle } from '../helpers/sshd.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { connectThroughProxy } from '../helpers/proxied-connection.js';

/** Scaled: the shipped defaults are 5 s × 2 keepalives and 10 s polls; here 20× faster. */
const TIMING = {
  readyTimeoutMs: 2_000,
  keepaliveIntervalMs: 250,
  keepaliveCountMax: 2,
  probeTimeoutMs: 500,
  sftpOpenTimeoutMs: 1_000,
  backoff: { baseMs: 200, maxMs: 500, minMs: 100, factor: 2 },
};
const INTERVAL_MS = 500;
const POLL_DEADLINE_MS = 1_000;
/** The promise: reported within max(2 intervals, keepalive detection) of the fault. */
const REPORT_WITHIN_MS = Math.max(2 * INTERVAL_MS, silentLinkDetectionMs(TIMING));
/**
 * Only how long the test waits before giving up, never an assertion: generous for a loaded 2-core
 * machine, yet far below what TCP alone would take to notice a black hole (minutes of retransmissions).
 * Which path reported the fault is what is asserted.
 */
const GIVE_UP_AFTER_MS = 20 * REPORT_WITHIN_MS;
/** The Refresh budget; shorter than the poll's deadline so an answer in time cannot come from the link. */
const REFRESH_BUDGET_MS = 300;

let tmp: string;
let sshd: SshdHandle;
let proxy: TcpProxy;
let manager: ConnectionManager;
let poller: FleetPoller;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hmc-dead-link-'));
  sshd = await startSshd({
    files: { 'vijay/snapshot.json': JSON.stringify(makeSnapshot('vijay', {}, new Date())) },
  });
  proxy = await startTcpProxy({ targetPort: sshd.port });
  manager = connectThroughProxy({ sshd, proxyPort: proxy.port, dir: tmp, timing: TIMING });
  poller = new FleetPoller({
    hosts: [
      {
        source: createSshSource(manager, 'vm', { requestTimeoutMs: POLL_DEADLINE_MS }),
        snapshotRoot: '/',
        instances: [{ id: 'vijay', label: 'Vijay' }],
      },
    ],
    intervalMs: INTERVAL_MS,
    staleAfterIntervals: 1000, // the file is never rewritten here; only the link is under test
    history: false,
    pollDeadlineMs: POLL_DEADLINE_MS,
    slowAfterMs: 200,
  });
});
afterAll(async () => {
  await poller?.stop();
  await manager?.close();
  proxy?.blackhole(false);
  await proxy?.close();
  await sshd?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/**
 * Ask for a Refresh and note whether its answer came before a timer due just after its budget. Node fires
 * timers in order of due time however loaded the machine is, so that timer — set after the Refresh was
 * asked — fires after the answer if, and only if, the answer did not wait on the link.
 */
async function refreshInBudget() {
  const order: string[] = [];
  const refresh = poller.refreshWithin(REFRESH_BUDGET_MS).then((answer) => {
    order.push('answered');
    return answer;
  });
  const budgetPassed = new Promise<void>((resolve) =>
    setTimeout(() => {
      order.push('budget passed');
      resolve();
    }, REFRESH_BUDGET_MS + 1),
  );
  const answer = await refresh;
  await budgetPassed;
  return { order, answer };
}

describe('a black-holed link', () => {
  it('live → checking (last answer kept) → unreachable in time; Refresh answers meanwhile; live again when it heals', async () => {
    const seen: { at: number; status: InstanceStatus }[] = [];
    poller.onChange((s) => seen.push({ at: Date.now(), status: s.instances[0]! }));
    poller.start();
    await expect.poll(() => seen.at(-1)?.status.state, { timeout: 15_000 }).toBe('live');
    const lastAnswer = seen.at(-1)!.status.lastAnswerAt;
    expect(lastAnswer).not.toBeNull();

    const faultAt = Date.now();
    proxy.blackhole(true);
    // Refresh asked just after the fault, while a poll is stuck on the silent link, answers within its
    // budget with the state as it is, marked "checking…" rather than shown as a current "live".
    const duringFault = await refreshInBudget();
    expect(duringFault.order).toEqual(['answered', 'budget passed']);
    const answered = duringFault.answer.instances[0]!;
    expect(answered.state !== 'live' || answered.checkingSince !== null, JSON.stringify(answered)).toBe(true);

    await expect
      .poll(() => seen.find((s) => s.at >= faultAt && s.status.state === 'unreachable'), {
        timeout: GIVE_UP_AFTER_MS,
        interval: 20,
      })
      .toBeTruthy();
    const reported = seen.find((s) => s.at >= faultAt && s.status.state === 'unreachable')!;
    // Reported by one of the app's own silence detectors — the SSH keepalives, the poll's deadline or the
    // SFTP request's silence deadline, whichever fires first — not by the TCP stack timing the connection
    // out (phase 'connect', minutes on a black hole) or by any other failure.
    const reason = reported.status.reason;
    const byKeepaliveOrPoll =
      reason?.code === 'TIMEOUT' && ['keepalive', 'poll'].includes(String(reason.detail?.phase));
    const byRequestDeadline = reason?.code === 'UNREACHABLE' && /no answer in \d+ ms/.test(reason.message);
    expect(byKeepaliveOrPoll || byRequestDeadline, JSON.stringify(reason)).toBe(true);
    expect(reported.status.snapshot?.instance.id).toBe('vijay'); // the data is kept, marked not current

    // While it waited, the screens could say "checking… last answer at …" with the real last answer.
    const checking = seen.filter((s) => s.at >= faultAt && s.status.checkingSince);
    for (const c of checking) expect(c.status.lastAnswerAt).toBe(lastAnswer);

    // Refresh answers within its budget again once the link is known down.
    const afterReport = await refreshInBudget();
    expect(afterReport.order).toEqual(['answered', 'budget passed']);
    expect(afterReport.answer.instances[0]?.state).not.toBe('live');

    proxy.blackhole(false);
    await expect.poll(() => poller.state().instances[0]?.state, { timeout: 20_000 }).toBe('live');
    expect(poller.state().instances[0]?.checkingSince ?? null).toBeNull();
  }, 60_000);
});
