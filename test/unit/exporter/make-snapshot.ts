/**
 * A complete, contract-valid snapshot of a healthy root instance for the exporter runtime tests (history
 * samples, Prometheus, check verdicts, run assembly), split the way the exporter's two collectors return
 * it. Tests override only what they are about. The snapshot itself is the shared test Vijay
 * (test/fixtures/snapshot-factory.ts, built on the demo fleet's builder), taken at SNAPSHOT_NOW.
 */
import type { Snapshot } from '../../../common/contract/snapshot.js';
import { makeSnapshot as makeInstanceSnapshot } from '../../fixtures/snapshot-factory.js';

export const SNAPSHOT_NOW = new Date('2026-07-18T10:00:00.000Z');

export function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return { ...makeInstanceSnapshot('vijay', {}, SNAPSHOT_NOW), ...overrides };
}

/** What collectHermes returns: the sections read from HERMES_HOME and the install. */
export function hermesPart() {
  const { hermes, config, sessions, cron, gateway, memory, skills, logs, recovery } = makeSnapshot();
  return { hermes, config, sessions, cron, gateway, memory, skills, logs, recovery };
}

/** What collectSystem returns: systemd, the dashboard's sockets, the backup repo and the host. */
export function systemPart() {
  const { systemd, dashboard, backup, host } = makeSnapshot();
  return { systemd, dashboard, backup, host };
}
