import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../../preload/ipc-contract.js';
import { createWarningsCommand, type LoadFleet } from '../../../main/cli/commands/warnings.js';
import { EXIT } from '../../../main/cli/exit-codes.js';
import { FIXED_NOW, makeSnapshot, makeStatus, VM_HOST } from '../../fixtures/snapshot-factory.js';
import { memoryCliIo } from '../../helpers/memory-cli-io.js';

const thresholds = thresholdsSchema.parse({});
const instances = [
  makeStatus(
    makeSnapshot('vijay', {
      dashboard: { bindings: [{ address: '0.0.0.0', family: 'ipv4', class: 'any' }], exposure: 'public' },
    }),
  ),
  makeStatus(makeSnapshot('bheem', { gateway: { running: false, state: 'stopped' } })),
];

const fleet =
  (list = instances): LoadFleet =>
  async () => ({
    ok: true,
    fleet: { instances: list, thresholds, hosts: [VM_HOST] },
  });
const command = (list = instances) =>
  createWarningsCommand({ loadFleet: fleet(list), now: () => FIXED_NOW, timeZone: 'UTC' });

describe('hermes-mc warnings', () => {
  it('leads each instance with its verdict and lists warnings with facts and filled runbook commands', async () => {
    const t = memoryCliIo();
    expect(await command().run([], t.io)).toBe(EXIT.critical);
    const text = t.stdout();
    expect(text).toContain('Vijay (root) — Critical · live, data 5 s old');
    expect(text).toMatch(/CRITICAL {2}Private dashboard is bound to a public address/);
    expect(text).toContain(
      '\n        sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 systemctl --user restart uma-hermes-gateway\n',
    );
  });

  it('marks the commands that change the VM, and the read-only ones', async () => {
    const t = memoryCliIo();
    await command().run([], t.io);
    const lines = t.stdout().split('\n');
    const label = (name: string) => lines.find((l) => l.trim().startsWith(name))!;
    expect(label('Restart the gateway')).toMatch(/CHANGES THE VM$/);
    expect(label('Gateway status')).toMatch(/read-only$/);
  });

  it('exits with the fleet verdict, like status: 0 only when every instance is OK', async () => {
    const healthy = [makeStatus(makeSnapshot('vijay')), makeStatus(makeSnapshot('bheem'))];
    expect(await command(healthy).run([], memoryCliIo().io)).toBe(EXIT.ok);
    const failingJob = [
      makeStatus(makeSnapshot('vijay')),
      makeStatus(
        makeSnapshot('bheem', {
          cron: {
            jobs: [{ ...makeSnapshot('bheem').cron.jobs![0]!, lastStatus: 'error', lastError: 'boom' }],
          },
        }),
      ),
    ];
    expect(await command(failingJob).run([], memoryCliIo().io)).toBe(EXIT.attention);
    const unreachable = [
      makeStatus(makeSnapshot('vijay')),
      makeStatus(null, {
        id: 'bheem',
        state: 'unreachable',
        reason: { code: 'UNREACHABLE', message: 'no route' },
      }),
    ];
    expect(await command(unreachable).run([], memoryCliIo().io)).toBe(EXIT.unknown);
  });

  it('--json gives warnings per instance with verdict and commands', async () => {
    const t = memoryCliIo();
    expect(await command().run(['--json'], t.io)).toBe(EXIT.critical);
    const report = JSON.parse(t.stdout());
    const bheem = report.instances.find((i: { id: string }) => i.id === 'bheem');
    expect(bheem.verdict).toMatchObject({ level: 'critical', label: 'Critical' });
    const down = bheem.warnings.find((w: { id: string }) => w.id === 'bheem:gateway.down');
    expect(down).toMatchObject({ severity: 'critical', status: 'active', title: 'Gateway is not running' });
    const restart = down.commands.find((c: { id: string }) => c.id === 'gateway-restart');
    expect(restart).toMatchObject({ changesVm: true });
  });

  it('rejects unknown arguments (64) and reports a config error (78), naming what to fix', async () => {
    const t = memoryCliIo();
    expect(await command().run(['--jsno'], t.io)).toBe(EXIT.usage);
    expect(t.stderr()).toContain("hermes-mc warnings: Unknown option '--jsno'");
    expect(t.stderr()).toContain('Run `hermes-mc warnings --help`');
    const failing = createWarningsCommand({
      loadFleet: async () => ({
        ok: false,
        kind: 'config',
        message: 'config.json: hosts[0].port must be a number',
      }),
    });
    const u = memoryCliIo();
    expect(await failing.run([], u.io)).toBe(EXIT.config);
    expect(u.stderr()).toBe(
      'hermes-mc warnings: config error: config.json: hosts[0].port must be a number\n',
    );
  });

  it('--help prints the usage with the exit codes and exits 0', async () => {
    const t = memoryCliIo();
    expect(await command().run(['--help'], t.io)).toBe(EXIT.ok);
    expect(t.stdout()).toMatch(/^Usage: hermes-mc warnings/);
    expect(t.stdout()).toMatch(/Exit status[\s\S]*3 {2}Unknown[\s\S]*78 {2}config error/);
  });
});
