/**
 * The data itself (field lesson 1): stale is not healthy and not down. These are the only checks that
 * still run while an instance's snapshot cannot be trusted; every other check then becomes `unknown`.
 */
import type { Thresholds } from '../../model/rule-settings.js';
import type { InstanceStatus, InstanceStateKind } from '../../model/instance-status.js';
import { humanDuration, type Finding } from '../rule-types.js';

/** The state the rules act on: a `live` instance whose data is older than the stale limit counts as stale. */
export function effectiveState(status: InstanceStatus, thresholds: Thresholds): InstanceStateKind {
  if (status.state !== 'live' || !status.snapshot) return status.state === 'live' ? 'unknown' : status.state;
  const limit = thresholds.staleAfterIntervals * status.snapshot.intervalSeconds;
  if (status.dataAgeSeconds !== null && status.dataAgeSeconds > limit) return 'stale';
  return 'live';
}

export function evaluateDataChecks(status: InstanceStatus, thresholds: Thresholds): Finding[] {
  const findings: Finding[] = [];
  const state = effectiveState(status, thresholds);
  const reason = status.reason;
  const reasonFacts = reason ? [`${reason.code}: ${reason.message}`] : [];
  const lastContact = status.fetchedAt ? [`Last good data fetched: ${status.fetchedAt}`] : [];

  if (state === 'stale') {
    const age = status.dataAgeSeconds;
    findings.push({
      check: 'data.stale',
      severity: 'warning',
      title: `Exporter stopped writing: data is ${age !== null ? humanDuration(age) : 'too'} old`,
      facts: [
        ...reasonFacts,
        ...(status.generatedAt ? [`Snapshot written: ${status.generatedAt}`] : []),
        'Other checks for this instance are unknown until fresh data arrives.',
      ],
      since: status.generatedAt,
      commands: ['ssh-login'],
    });
  } else if (state === 'unreachable') {
    const hostKey = reason?.code === 'HOST_KEY_MISMATCH' || reason?.code === 'HOST_KEY_REVOKED';
    findings.push({
      check: 'data.unreachable',
      severity: hostKey ? 'critical' : 'warning',
      title: `Cannot read ${status.hostName}: ${reason?.message ?? 'unreachable'}`,
      facts: [
        ...reasonFacts,
        ...lastContact,
        ...(status.nextRetryAt ? [`Next retry: ${status.nextRetryAt}`] : []),
        'Other checks for this instance are unknown until it is reachable again.',
      ],
      commands: ['ssh-login'],
    });
  } else if (state === 'invalid') {
    // The host answered; what it served is not a usable snapshot. A VM-side problem, not a dead link.
    findings.push({
      check: 'data.snapshot-invalid',
      severity: 'warning',
      title: `${status.hostName} serves an invalid snapshot: ${reason?.message ?? 'not valid'}`,
      facts: [
        ...reasonFacts,
        'The host is reachable; the exporter (or something else) wrote a file that is not a valid snapshot.',
        'Other checks for this instance are unknown until a valid snapshot arrives.',
      ],
      commands: ['ssh-login'],
    });
  } else if (state === 'incompatible') {
    const v = status.schemaVersions;
    findings.push({
      check: 'data.incompatible',
      severity: 'warning',
      title: v
        ? `Exporter writes schema ${v.found}; this app reads up to ${v.supported}: update Mission Control`
        : 'Exporter snapshot is incompatible with this app',
      facts: reasonFacts,
      commands: [],
    });
  } else if (state === 'live' && status.snapshotIsLastGood) {
    findings.push({
      check: 'data.snapshot-invalid',
      severity: 'warning',
      title: 'Newest snapshot is unreadable; showing the last good one',
      facts: reasonFacts,
      commands: ['ssh-login'],
    });
  }

  if (
    status.clockSkewSeconds !== null &&
    Math.abs(status.clockSkewSeconds) > thresholds.clockSkewWarnSeconds
  ) {
    const ahead = status.clockSkewSeconds > 0 ? 'laptop is ahead of' : 'laptop is behind';
    findings.push({
      check: 'data.clock-skew',
      severity: 'warning',
      title: `Clock skew of ${humanDuration(Math.abs(status.clockSkewSeconds))} (${ahead} the VM)`,
      facts: ['Ages are measured on the VM clock; fix NTP (timedatectl) on the side that drifts.'],
      commands: [],
    });
  }

  // A snapshot dated in the VM's future: the writer's clock (or the writer) is wrong. The age ignores the
  // future date (common/model/data-age.ts); this says why the "written at" time cannot be believed.
  const ahead = status.generatedAheadSeconds ?? null;
  if (ahead !== null && ahead > thresholds.clockSkewWarnSeconds && status.generatedAt) {
    findings.push({
      check: 'data.generated-in-future',
      severity: 'warning',
      title: `Snapshot claims to be written ${humanDuration(ahead)} in the VM's future`,
      facts: [
        `Snapshot generatedAt: ${status.generatedAt}`,
        ...(status.fileModifiedAt ? [`File last modified (VM clock): ${status.fileModifiedAt}`] : []),
        'Its age is taken from the file time instead; check the clock of whatever wrote it (timedatectl).',
      ],
      commands: ['ssh-login'],
    });
  }

  if (state === 'live' && status.snapshot) {
    const failed = status.snapshot.probes.filter((p) => !p.ok);
    if (failed.length > 0) {
      findings.push({
        check: 'data.probes-failed',
        severity: 'info',
        title: `${failed.length} exporter probe${failed.length === 1 ? '' : 's'} failed: some values are unknown`,
        facts: failed.slice(0, 8).map((p) => `${p.name}: ${p.error ?? 'failed'}`),
        commands: [],
      });
    }
  }
  return findings;
}
