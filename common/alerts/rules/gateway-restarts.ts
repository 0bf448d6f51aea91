/**
 * Restart forensics in warnings (issue 16 §3): the latest gateway restart, with its class in the title
 * ("crashed (exit 1)", "suspected out-of-memory kill", "VM reboot"), for a while after it happened; a
 * restart storm as its own critical warning. Planned restarts are info (listed, never notified), so a
 * `hermes gateway restart` does not page anyone. A restart the exporter saw down is info too: that down
 * already raised gateway.down, whose one "recovered" is the back-online message, so the class is shown
 * without a second notification. A quick restart no run saw down is a warning: the only news of it.
 * systemd's `Result=oom-kill` on the gateway unit (the kernel OOM killer, as the journal would say)
 * upgrades an unexplained or crash restart to OOM.
 */
import type { GatewayRestart } from '../../contract/snapshot.js';
import { restartClassWords } from '../../forensics/classify-restarts.js';
import { humanDuration, result, type Finding, type Rule } from '../rule-types.js';

/** A restart stays listed this long. */
export const RESTART_WINDOW_MS = 30 * 60_000;

function classTitle(r: GatewayRestart): string {
  if (r.class === 'crash')
    return `Gateway crashed and restarted${r.exitCode !== null ? ` (exit ${r.exitCode})` : ''}`;
  if (r.class === 'oom') return 'Gateway restarted after a suspected out-of-memory kill';
  if (r.class === 'reboot') return 'Gateway restarted: the VM rebooted';
  if (r.class === 'planned') return 'Gateway restarted (planned)';
  return 'Gateway restarted for an unknown reason';
}

export const gatewayRestartsRule: Rule = ({ snapshot, vmNow }) => {
  if (!snapshot.signals) return result();
  const life = snapshot.signals.gatewayLifecycle;
  if (life === null) return result([], ['gateway.restarted', 'gateway.restart-storm']);
  const findings: Finding[] = [];
  const latest = life.restarts[life.restarts.length - 1];
  const unit = snapshot.systemd.units.find((u) => u.role === 'gateway');
  const last =
    latest && unit?.result === 'oom-kill' && (latest.class === 'crash' || latest.class === 'unknown')
      ? { ...latest, class: 'oom' as const, evidence: [...latest.evidence, 'systemd: oom-kill'] }
      : latest;
  if (last && vmNow - Date.parse(last.at) < RESTART_WINDOW_MS) {
    const facts = [`Class: ${restartClassWords(last.class)}`, `Evidence: ${last.evidence.join('; ')}`];
    if (last.seenDown && last.downSeconds !== null) facts.push(`Down for ${humanDuration(last.downSeconds)}`);
    else facts.push('No poll saw it down: it came back within one exporter interval.');
    const week = life.restarts.filter((r) => r.class !== 'planned').length;
    if (week > 1) facts.push(`${week} unplanned restarts in the last 7 days`);
    findings.push({
      check: 'gateway.restarted',
      severity: last.class === 'planned' || last.seenDown ? 'info' : 'warning',
      title: classTitle(last),
      facts,
      since: last.at,
      commands:
        last.class === 'oom'
          ? ['memory', 'gateway-journal', 'gateway-status']
          : ['gateway-journal', 'gateway-status'],
    });
  }
  if (life.storm.active) {
    findings.push({
      check: 'gateway.restart-storm',
      severity: 'critical',
      title: `Gateway restart storm: ${life.storm.count} starts in ${life.storm.windowMinutes} min`,
      facts: [
        'Hermes backs off after 5 starts in 120 s (gateway-starts.log); systemd keeps restarting it.',
        ...(last ? [`Latest: ${restartClassWords(last.class)} (${last.evidence.join('; ')})`] : []),
      ],
      since: last?.at ?? null,
      commands: ['gateway-journal', 'gateway-status', 'hermes-doctor'],
    });
  }
  if (life.restartPending === true) {
    findings.push({
      check: 'gateway.restart-pending',
      severity: 'info',
      title: 'Gateway runs older code than the installed checkout: restart pending',
      facts: [
        `Running: ${life.codeVersion ?? '?'} (${life.codeSha?.slice(0, 8) ?? '?'}); installed: ${snapshot.hermes.version ?? '?'} (${snapshot.hermes.gitHead ?? '?'})`,
      ],
      since: null,
      commands: ['gateway-restart', 'gateway-status'],
    });
  }
  return result(findings);
};
