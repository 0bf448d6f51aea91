import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../../preload/ipc-contract.js';
import { createCronCommand } from '../../../main/cli/commands/cron.js';
import type { LoadFleet } from '../../../main/cli/commands/warnings.js';
import { EXIT } from '../../../main/cli/exit-codes.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import { FIXED_NOW, makeSnapshot, makeStatus, VM_HOST } from '../../fixtures/snapshot-factory.js';
import { memoryCliIo } from '../../helpers/memory-cli-io.js';

const thresholds = thresholdsSchema.parse({});
const at = (hoursAgo: number) => new Date(FIXED_NOW.getTime() - hoursAgo * 3600_000).toISOString();

function withLedger(): InstanceStatus {
  const s = makeSnapshot('vijay');
  s.config.timezone = 'Asia/Kolkata';
  const job = s.cron.jobs![0]!;
  s.signals!.cronJobs = [
    {
      id: job.id,
      failureLane: ['local'],
      failureDeliverSet: false,
      failuresGoNowhere: true,
      noAgent: null,
      expected7d: 4,
      runs: [
        { at: at(3), outcome: 'ok', durationSeconds: 40, cause: null },
        { at: at(2), outcome: 'missed', durationSeconds: null, cause: 'vm-off' },
        { at: at(1.5), outcome: 'missed', durationSeconds: null, cause: 'vm-off' },
        { at: at(1), outcome: 'failed', durationSeconds: 12, cause: null },
      ],
      missed7d: 2,
      failed7d: 1,
      consecutiveFailures: 1,
      medianDurationSeconds: 40,
      missedBeforeLatest: 2,
      willNotFire: null,
    },
  ];
  return makeStatus(s);
}

const fleet =
  (list: InstanceStatus[]): LoadFleet =>
  async () => ({ ok: true, fleet: { instances: list, thresholds, hosts: [VM_HOST] } });
const command = (list: InstanceStatus[]) =>
  createCronCommand({ loadFleet: fleet(list), now: () => FIXED_NOW });

describe('hermes-mc cron', () => {
  it('prints each job as a strip of its runs, missed ones included, with counts and recovery', async () => {
    const t = memoryCliIo();
    const code = await command([withLedger()]).run([], t.io);
    const text = t.stdout();
    expect(text).toContain('    ✓○○✕');
    expect(text).toContain('4 expected · 2 missed · 1 failed · recovered after 2 missed');
    expect(text).toContain('failures are delivered nowhere (local only)');
    expect(code).toBe(EXIT.attention);
  });

  it('gives times in the instance time zone and says which', async () => {
    const t = memoryCliIo();
    await command([withLedger()]).run([], t.io);
    expect(t.stdout()).toContain('times in Asia/Kolkata');
    // 11:00 UTC is 16:30 in Kolkata.
    expect(t.stdout()).toContain('latest 16:30 failed');
  });

  it('says an older exporter has no ledger instead of printing an empty one', async () => {
    const s = makeSnapshot('vijay');
    delete s.signals;
    const t = memoryCliIo();
    await command([makeStatus(s)]).run([], t.io);
    expect(t.stdout()).toContain('no run ledger: the exporter on this VM is older than it');
  });

  it('--json carries the ledger and --job filters it', async () => {
    const t = memoryCliIo();
    const id = withLedger().snapshot!.cron.jobs![0]!.id;
    await command([withLedger()]).run(['--json', '--job', id], t.io);
    const doc = JSON.parse(t.stdout()) as {
      instances: { timezone: string; jobs: { id: string; runs: unknown[] }[] }[];
    };
    expect(doc.instances[0]!.timezone).toBe('Asia/Kolkata');
    expect(doc.instances[0]!.jobs.map((j) => j.id)).toEqual([id]);
    expect(doc.instances[0]!.jobs[0]!.runs).toHaveLength(4);
  });

  it('keeps VM text inert: a job name with terminal escapes cannot colour or move anything', async () => {
    const st = withLedger();
    st.snapshot!.cron.jobs![0]!.name = 'evil\u001b[2J\u001b]0;pwned\u0007';
    const t = memoryCliIo();
    await command([st]).run([], t.io);
    expect(t.stdout()).not.toContain('\u001b[2J');
    expect(t.stdout()).not.toContain('\u001b]0;');
  });
});
