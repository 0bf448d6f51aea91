import { describe, expect, it } from 'vitest';
import { parseSnapshotValue } from '../../../common/contract/parse.js';
import { makeSnapshot } from '../../fixtures/snapshot-factory.js';

/** The snapshot as JSON a writer could have produced (loosely typed, to plant values the schema lacks). */
type Loose = { signals: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('snapshot.signals in the contract', () => {
  it('is optional: a snapshot from an exporter older than signals parses', () => {
    const s = makeSnapshot('vijay');
    delete s.signals;
    expect(parseSnapshotValue(JSON.parse(JSON.stringify(s))).ok).toBe(true);
  });

  it('reads values a newer exporter adds as unknown instead of rejecting the snapshot', () => {
    const s = JSON.parse(JSON.stringify(makeSnapshot('bheem'))) as Loose;
    s.signals.cronJobs[0].runs[0].outcome = 'skipped-by-quota';
    s.signals.cronJobs[0].willNotFire = 'quota-hold';
    s.signals.gatewayLifecycle.restarts[0].class = 'watchdog-kill';
    s.signals.somethingNew = { x: 1 };
    const r = parseSnapshotValue(s);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.snapshot.signals!.cronJobs![0]!.runs[0]!.outcome).toBe('unknown');
    expect(r.snapshot.signals!.cronJobs![0]!.willNotFire).toBeNull();
    expect(r.snapshot.signals!.gatewayLifecycle!.restarts[0]!.class).toBe('unknown');
  });

  it('still rejects a malformed signal (a count that is not a number)', () => {
    const s = JSON.parse(JSON.stringify(makeSnapshot('vijay'))) as Loose;
    s.signals.deliveryLedger.failed = 'many';
    const r = parseSnapshotValue(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('signals.deliveryLedger.failed');
  });
});
