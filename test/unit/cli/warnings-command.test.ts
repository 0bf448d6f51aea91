import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../../../preload/ipc-contract.js';
import { createWarningsCommand, formatWarningsForStatus } from '../../../main/cli/commands/warnings.js';
import { evaluateRules } from '../../../common/alerts/evaluate-rules.js';
import { FIXED_NOW, makeSnapshot, makeStatus, VM_HOST } from '../../fixtures/snapshot-factory.js';

const thresholds = thresholdsSchema.parse({});
const instances = [
  makeStatus(
    makeSnapshot('vijay', {
      dashboard: { bindings: [{ address: '0.0.0.0', family: 'ipv4', class: 'any' }], exposure: 'public' },
    }),
  ),
  makeStatus(makeSnapshot('bheem', { gateway: { running: false, state: 'stopped' } })),
];

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) } };
}

const command = createWarningsCommand({
  loadFleet: async () => ({ instances, thresholds, hosts: [VM_HOST] }),
  now: () => FIXED_NOW,
});

describe('hermes-mc warnings', () => {
  it('lists each instance’s warnings with their filled runbook commands', async () => {
    const t = io();
    expect(await command.run([], t.io)).toBe(0);
    const text = t.out.join('\n');
    expect(text).toContain('Vijay (root) (vijay) — live');
    expect(text).toMatch(/CRITICAL {2}Private dashboard is bound to a public address/);
    expect(text).toContain(
      '$ sudo -u uma XDG_RUNTIME_DIR=/run/user/1002 systemctl --user restart uma-hermes-gateway',
    );
  });

  it('--json gives warnings per instance with commands', async () => {
    const t = io();
    expect(await command.run(['--json'], t.io)).toBe(0);
    const report = JSON.parse(t.out.join('\n'));
    const bheem = report.instances.find((i: { id: string }) => i.id === 'bheem');
    const down = bheem.warnings.find((w: { id: string }) => w.id === 'bheem:gateway.down');
    expect(down).toMatchObject({ severity: 'critical', status: 'active', title: 'Gateway is not running' });
    expect(down.commands.map((c: { id: string }) => c.id)).toContain('gateway-restart');
  });

  it('rejects unknown arguments and reports a fleet that cannot be read', async () => {
    const t = io();
    expect(await command.run(['--jsno'], t.io)).toBe(2);
    expect(t.err[0]).toContain('unknown argument');
    const failing = createWarningsCommand({
      loadFleet: async () => {
        throw Object.assign(new Error('config.json: hosts.0.port must be a number'), {
          code: 'CONFIG_INVALID',
        });
      },
    });
    const u = io();
    expect(await failing.run([], u.io)).toBe(1);
    expect(u.err[0]).toBe('hermes-mc warnings: CONFIG_INVALID: config.json: hosts.0.port must be a number');
  });

  it('formats warnings for `status`: severity, title, since; “no warnings” when clean', () => {
    const warnings = evaluateRules({ instances, thresholds, now: FIXED_NOW });
    const lines = formatWarningsForStatus('bheem', warnings);
    expect(lines[0]).toMatch(/^ {2}CRITICAL {2}Gateway is not running/);
    expect(formatWarningsForStatus('nobody', warnings)).toEqual(['  no warnings']);
  });
});
