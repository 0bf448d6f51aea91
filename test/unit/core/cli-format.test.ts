import { describe, expect, it } from 'vitest';
import { buildDemoSnapshot } from '../../../main/core/demo/demo-fleet.js';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';
import { initialStatus } from '../../../main/core/poll/status-model.js';
import { colorEnabled, visibleWidth } from '../../../main/cli/format/colors.js';
import { statusJson, statusText } from '../../../main/cli/format/status-output.js';
import { shortAge, statusExitCode, statusRow } from '../../../main/cli/format/status-view.js';
import { renderTable } from '../../../main/cli/format/table.js';

const NOW = Date.parse('2026-06-01T10:00:00Z');
function status(id: 'vijay' | 'bheem', over: Partial<InstanceStatus> = {}): InstanceStatus {
  const snapshot = buildDemoSnapshot(id, NOW - 30_000);
  return {
    ...initialStatus({
      id,
      label: id === 'vijay' ? 'Vijay (root)' : 'Bheem (uma)',
      hostName: 'vm',
      source: 'ssh',
    }),
    state: 'live',
    snapshot,
    generatedAt: snapshot.generatedAt,
    fetchedAt: new Date(NOW).toISOString(),
    dataAgeSeconds: 30,
    ...over,
  };
}
const warning = (instanceId: string, severity: Warning['severity']): Warning => ({
  id: `${instanceId}:x`,
  instanceId,
  check: 'x',
  severity,
  title: 'Something',
  facts: [],
  since: null,
  status: 'active',
  commands: [],
});

describe('colour policy', () => {
  it('colours a TTY, never a pipe, and respects NO_COLOR and dumb terminals', () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
  });
});

describe('status table', () => {
  it('aligns columns even when cells carry colour codes', () => {
    const out = renderTable(
      ['A', 'B'],
      [
        ['\x1b[32mlive\x1b[39m', 'x'],
        ['unreachable', 'y'],
      ],
    );
    const plain = out.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').split('\n');
    expect(plain).toEqual(['A            B', 'live         x', 'unreachable  y']);
    expect(visibleWidth('\x1b[31mab\x1b[39m')).toBe(2);
  });

  it('shows gateway, Telegram, cron, backup, disk and memory from the snapshot', () => {
    const vijay = statusRow(status('vijay'));
    expect(vijay).toMatchObject({
      gateway: 'up',
      telegram: 'connected',
      cron: '3 ok',
      age: '30 s',
      memory: '36% free',
    });
    expect(vijay.disk).toMatch(/^67% \(\d+ GB free\)$/);
    expect(vijay.backup).toBe('9 min ago');
    const bheem = statusRow(status('bheem'));
    expect(bheem).toMatchObject({
      gateway: 'up (degraded)',
      telegram: 'retrying',
      cron: '1 failing',
      disk: '—',
    });
  });

  it('explains a non-live instance in a note and never fills in values it does not have', () => {
    const row = statusRow(
      status('vijay', {
        state: 'unreachable',
        snapshot: null,
        reason: { code: 'HOST_KEY_MISMATCH', message: 'The host key changed.' },
      }),
    );
    expect(row.note).toMatch(/HOST_KEY_MISMATCH: The host key changed/);
    expect([row.gateway, row.telegram, row.cron, row.backup]).toEqual(['—', '—', '—', '—']);
  });

  it('labels the demo fleet and prints no ANSI codes when colour is off', () => {
    const text = statusText([status('vijay'), status('bheem')], [], {
      color: false,
      demo: true,
      now: new Date(NOW),
    });
    expect(text).toMatch(/^DEMO FLEET/);
    expect(text).not.toContain('\x1b[');
    expect(statusText([status('vijay')], [], { color: true, demo: false, now: new Date(NOW) })).toContain(
      '\x1b[32mlive',
    );
  });

  it('reports a large clock skew in words', () => {
    const text = statusText([status('vijay', { clockSkewSeconds: 7200 })], [], {
      color: false,
      demo: false,
      now: new Date(NOW),
    });
    expect(text).toMatch(/clock is 7200 s ahead of vm's/);
  });

  it('formats ages compactly', () => {
    expect([
      shortAge(42),
      shortAge(600),
      shortAge(3 * 3600 + 300),
      shortAge(5 * 86400),
      shortAge(null),
    ]).toEqual(['42 s', '10 min', '3 h 5 min', '5 d', '—']);
  });
});

describe('exit codes and JSON', () => {
  it('is 0 when all live and healthy, 1 when stale or warned, 2 when unreachable, incompatible or critical', () => {
    expect(statusExitCode([status('vijay'), status('bheem')])).toBe(0);
    expect(statusExitCode([status('vijay'), status('bheem', { state: 'stale' })])).toBe(1);
    expect(statusExitCode([status('vijay')], [warning('vijay', 'warning')])).toBe(1);
    expect(statusExitCode([status('vijay')], [warning('vijay', 'critical')])).toBe(2);
    expect(statusExitCode([status('vijay', { state: 'unreachable' })])).toBe(2);
    expect(statusExitCode([status('vijay', { state: 'incompatible' })])).toBe(2);
    expect(statusExitCode([status('vijay')], [{ ...warning('vijay', 'critical'), status: 'unknown' }])).toBe(
      0,
    );
  });

  it('prints the documented JSON fields for scripts', () => {
    const json = statusJson([status('vijay')], false);
    expect(Object.keys(json.instances[0]!)).toEqual(
      expect.arrayContaining(['id', 'label', 'state', 'reason', 'generatedAt', 'fetchedAt', 'snapshot']),
    );
    expect(json.instances[0]?.snapshot?.instance.id).toBe('vijay');
  });
});
