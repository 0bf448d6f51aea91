/**
 * Per-unit systemd scope in the snapshot contract: added without a schema bump, so the app reads
 * snapshots from exporters before it (every unit then belongs to `systemd.scope`) and after it alike.
 */
import { describe, expect, it } from 'vitest';
import { parseSnapshotText, parseSnapshotValue } from '../../../common/contract/parse.js';
import { SCHEMA_VERSION, type Snapshot } from '../../../common/contract/snapshot.js';
import { defaultUnitScope, unitScope } from '../../../common/contract/unit-scope.js';
import { makeSnapshot, unit } from '../../fixtures/snapshot-factory.js';

/** Bheem as a current exporter writes it: a user gateway, a system dashboard and backup timer. */
function mixedBheem(): Snapshot {
  return makeSnapshot('bheem', {
    systemd: {
      scope: 'user',
      units: [
        unit('uma-hermes-gateway.service', 'gateway', { scope: 'user' }),
        unit('uma-hermes-dashboard.service', 'dashboard', { scope: 'system' }),
        unit('uma-hermes-backup.timer', 'backup-timer', { scope: 'system' }),
      ],
    },
  });
}

describe('unit scope in the snapshot contract', () => {
  it('still reads a snapshot from an older exporter, whose units name no scope', () => {
    const old = makeSnapshot('bheem');
    expect(old.systemd.units.every((u) => !('scope' in u))).toBe(true);

    const parsed = parseSnapshotText(JSON.stringify(old));

    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.snapshot.systemd.units.map((u) => unitScope(u, parsed.snapshot))).toEqual([
      'user',
      'user',
      'user',
    ]);
  });

  it('keeps each unit’s scope through a write and a read, beside the instance default', () => {
    const written = mixedBheem();

    const parsed = parseSnapshotText(`${JSON.stringify(written, null, 1)}\n`);

    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.snapshot).toEqual(written);
    expect(defaultUnitScope(parsed.snapshot)).toBe('user');
    expect(parsed.snapshot.systemd.units.map((u) => [u.name, unitScope(u, parsed.snapshot)])).toEqual([
      ['uma-hermes-gateway.service', 'user'],
      ['uma-hermes-dashboard.service', 'system'],
      ['uma-hermes-backup.timer', 'system'],
    ]);
  });

  it('is additive: the same schema version accepts both shapes', () => {
    for (const s of [makeSnapshot('bheem'), mixedBheem()]) {
      expect(s.schemaVersion).toBe(SCHEMA_VERSION);
      expect(parseSnapshotValue(JSON.parse(JSON.stringify(s))).ok).toBe(true);
    }
  });

  it('rejects a scope that is neither system nor user, naming the unit', () => {
    const bad = JSON.parse(JSON.stringify(mixedBheem()));
    bad.systemd.units[1].scope = 'global';

    const parsed = parseSnapshotValue(bad);

    expect(parsed).toMatchObject({ ok: false, code: 'SNAPSHOT_INVALID' });
    expect(!parsed.ok && parsed.message).toContain('systemd.units.1.scope');
  });

  it('falls back to the instance’s scope, then to unknown', () => {
    const old = makeSnapshot('bheem', { systemd: { scope: null }, instance: { systemdScope: 'user' } });
    expect(unitScope(old.systemd.units[0]!, old)).toBe('user');
    const unknown = makeSnapshot('bheem', { systemd: { scope: null }, instance: { systemdScope: null } });
    expect(unitScope(unknown.systemd.units[0]!, unknown)).toBeNull();
    expect(unitScope({ scope: 'system' }, unknown)).toBe('system');
  });
});
