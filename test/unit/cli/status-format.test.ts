/**
 * `hermes-mc status` as a person reads it: the verdict first, freshness beside it, a table that fits
 * the terminal (dropping the least important columns, and saying which), colour only where asked for.
 */
import { describe, expect, it } from 'vitest';
import type { InstanceStatus } from '../../../common/model/instance-status.js';
import type { Warning } from '../../../common/model/warning.js';
import { buildDemoSnapshot } from '../../../main/core/demo/demo-fleet.js';
import { initialStatus } from '../../../main/core/poll/status-model.js';
import { colorEnabled, terminalColumns } from '../../../main/cli/format/colors.js';
import { statusJson, statusLines } from '../../../main/cli/format/status-output.js';
import { shortAge, statusRow } from '../../../main/cli/format/status-view.js';
import { renderLines, visibleLength } from '../../../main/cli/format/term-doc.js';

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
const warning = (instanceId: string, severity: Warning['severity'], title = 'Something'): Warning => ({
  id: `${instanceId}:${title}`,
  instanceId,
  check: 'x',
  severity,
  title,
  facts: [],
  since: null,
  status: 'active',
  commands: [],
});

const text = (instances: InstanceStatus[], warnings: Warning[], columns: number, color = false) =>
  renderLines(statusLines(instances, warnings, { demo: false, nowMs: NOW, columns, timeZone: 'UTC' }), color);
const ESC = String.fromCharCode(27);
const plain = (s: string) => s.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');

describe('colour and width policy', () => {
  it('colours a TTY, never a pipe, and respects NO_COLOR, FORCE_COLOR and dumb terminals', () => {
    expect(colorEnabled({ isTTY: true, env: {} })).toBe(true);
    expect(colorEnabled({ isTTY: false, env: {} })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(colorEnabled({ isTTY: true, env: { TERM: 'dumb' } })).toBe(false);
    expect(colorEnabled({ isTTY: false, env: { FORCE_COLOR: '1' } })).toBe(true);
  });

  it('lays out for the TTY width, else COLUMNS, else 80', () => {
    expect(terminalColumns({ isTTY: true, columns: 132 }, { COLUMNS: '60' })).toBe(132);
    expect(terminalColumns({ isTTY: false }, { COLUMNS: '60' })).toBe(60);
    expect(terminalColumns({ isTTY: false }, { COLUMNS: 'wide' })).toBe(80);
    expect(terminalColumns({}, {})).toBe(80);
  });
});

describe('status table', () => {
  it('leads each row with the verdict, freshness beside it', () => {
    const out = text([status('vijay'), status('bheem')], [warning('bheem', 'warning')], 200);
    const [header, vijay, bheem] = out.split('\n');
    expect(header).toMatch(/^INSTANCE\s+VERDICT\s+DATA\s+GATEWAY/);
    expect(vijay).toMatch(/^Vijay \(root\)\s+OK\s+live 30 s\s+up/);
    expect(bheem).toMatch(/^Bheem \(uma\)\s+Needs attention\s+live 30 s\s+up \(degraded\)/);
  });

  it('fits 80 columns by shortening, then hiding the least important columns, and says which', () => {
    const instances = [status('vijay'), status('bheem')];
    const wide = text(instances, [warning('bheem', 'warning')], 200);
    expect(Math.max(...wide.split('\n').slice(0, 3).map(visibleLength))).toBeGreaterThan(100);
    const narrow = text(instances, [warning('bheem', 'warning')], 80);
    const table = narrow.split('\n').slice(0, 3);
    for (const line of table) expect(visibleLength(line)).toBeLessThanOrEqual(80);
    expect(table[0]).toMatch(/^INSTANCE\s+VERDICT\s+DATA\s+GATEWAY\s+CRON\s+BACKUP/);
    expect(table[0]).not.toMatch(/MEMORY|TELEGRAM/);
    expect(narrow).toContain('(MEMORY, TELEGRAM hidden at 80 columns: widen the terminal or use --json)');
    // Even very narrow, the instance and its verdict stay (the label is clipped, never the verdict).
    const tiny = text(instances, [], 30).split('\n').slice(0, 3);
    expect(tiny[1]).toMatch(/OK/);
    for (const line of tiny) expect(visibleLength(line)).toBeLessThanOrEqual(30);
  });

  it('shows gateway, cron, backup, disk, memory and Telegram from the snapshot', () => {
    const cells = statusRow(status('vijay'), [], NOW).cells.map((c) => c.text);
    expect(cells.slice(0, 6)).toEqual(['Vijay (root)', 'OK', 'live 30 s', 'up', '3 ok', '9 min ago']);
    expect(cells[6]).toMatch(/^67% \(\d+ GB free\)$/);
    expect(cells.slice(7)).toEqual(['36% free', 'connected']);
  });

  it('says Unknown for data that is not current and explains it, never filling in values', () => {
    const row = statusRow(
      status('vijay', {
        state: 'unreachable',
        snapshot: null,
        dataAgeSeconds: null,
        reason: { code: 'HOST_KEY_MISMATCH', message: 'The host key changed.' },
      }),
      [],
      NOW,
    );
    expect(row.verdict.label).toBe('Unknown');
    expect(row.note).toMatch(/HOST_KEY_MISMATCH: The host key changed/);
    expect(row.cells.slice(3).map((c) => c.text)).toEqual(['—', '—', '—', '—', '—', '—']);
  });

  it('colours verdicts only when colour is on', () => {
    const instances = [status('vijay'), status('bheem')];
    const warnings = [warning('bheem', 'critical')];
    expect(text(instances, warnings, 200)).not.toContain(ESC);
    const coloured = text(instances, warnings, 200, true);
    expect(coloured).toContain(`${ESC}[32mOK${ESC}[39m`);
    expect(coloured).toContain(`${ESC}[1;31mCritical${ESC}[22;39m`);
    expect(plain(coloured)).toBe(text(instances, warnings, 200));
  });

  it('reports a large clock skew in words and the check time as a clock time, not ISO', () => {
    const out = text([status('vijay', { clockSkewSeconds: 7200 })], [], 80);
    expect(out).toMatch(/clock is 7200 s ahead of vm's/);
    expect(out).toMatch(/checked at 10:00/);
    expect(out).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
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

describe('status --json', () => {
  it('gives each instance its verdict beside the documented fields', () => {
    const json = statusJson([status('vijay'), status('bheem')], false, [
      warning('bheem', 'warning', 'Backup late'),
    ]);
    expect(Object.keys(json.instances[0]!)).toEqual(
      expect.arrayContaining([
        'id',
        'label',
        'verdict',
        'state',
        'reason',
        'generatedAt',
        'fetchedAt',
        'snapshot',
      ]),
    );
    expect(json.instances.map((i) => i.verdict)).toEqual([
      { level: 'ok', label: 'OK', reason: 'all checks pass' },
      { level: 'attention', label: 'Needs attention', reason: 'Backup late' },
    ]);
  });
});
