/**
 * Gateway checks. Liveness comes from the process + event-loop heartbeat (field lesson 2), not from
 * gateway_state.json's updated_at, which does not move while an idle gateway is healthy.
 */
import type { UnitInfo } from '../../contract/snapshot.js';
import { unitScope } from '../../contract/unit-scope.js';
import { unitWithRole } from '../../runbook/runbook-commands.js';
import { lastExitWords } from '../../forensics/last-exit.js';
import { humanDuration, isoBefore, result, type Finding, type Rule } from '../rule-types.js';

const GATEWAY_CMDS = ['gateway-status', 'gateway-journal', 'gateway-restart', 'hermes-status'];
const ENABLED_STATES = new Set([
  'enabled',
  'enabled-runtime',
  'static',
  'linked',
  'linked-runtime',
  'alias',
  'generated',
  'indirect',
]);
/** A platform may sit in `connecting` this long after its last transition before we call it stuck. */
const CONNECTING_GRACE_SECONDS = 120;

function unitFacts(unit: UnitInfo): string[] {
  const facts = [`Unit ${unit.name}: ${unit.activeState ?? 'unknown'} (${unit.subState ?? '?'})`];
  if (unit.result && unit.result !== 'success') facts.push(`Last result: ${unit.result}`);
  if (unit.execMainStatus !== null && unit.execMainStatus !== 0)
    facts.push(`Exit status: ${unit.execMainStatus}`);
  return facts;
}

function platformLabel(name: string): string {
  return name.length > 0 ? name[0]!.toUpperCase() + name.slice(1) : name;
}

export const gatewayRule: Rule = ({ snapshot, thresholds, vmNow }) => {
  const gw = snapshot.gateway;
  const findings: Finding[] = [];
  const unknown: string[] = [];
  const unit = unitWithRole(snapshot, 'gateway');
  const notFound = snapshot.systemd.units.find((u) => u.role === 'gateway' && u.loadState === 'not-found');

  // Process state: running / down / startup failed.
  if (gw.running === null) {
    unknown.push('gateway.down', 'gateway.startup-failed', 'gateway.hung', 'gateway.platform');
  } else if (!gw.running) {
    const facts = [`Gateway state: ${gw.state ?? 'unknown'}`];
    if (gw.exitReason) facts.push(`Exit reason: ${gw.exitReason}`);
    if (unit) facts.push(...unitFacts(unit));
    const since = gw.state === 'stopped' || gw.state === 'startup_failed' ? gw.stateUpdatedAt : null;
    if (gw.state === 'startup_failed') {
      findings.push({
        check: 'gateway.startup-failed',
        severity: 'critical',
        title: `Gateway failed to start${gw.exitReason ? `: ${gw.exitReason}` : ''}`,
        facts,
        since,
        commands: ['gateway-journal', 'hermes-doctor', 'gateway-restart', 'gateway-status'],
      });
    } else {
      const lastExit = lastExitWords(snapshot);
      if (lastExit) facts.push(`Last exit: ${lastExit}`);
      findings.push({
        check: 'gateway.down',
        severity: 'critical',
        title: `Gateway is not running${lastExit ? ` — last exit: ${lastExit}` : ''}`,
        facts,
        since,
        commands: GATEWAY_CMDS,
      });
    }
  } else {
    // Alive: is the event loop still beating? A heartbeat from another pid is not trusted.
    if (gw.heartbeatAgeSeconds === null || gw.heartbeatPidMatches === false) {
      unknown.push('gateway.hung');
    } else if (gw.heartbeatAgeSeconds > thresholds.heartbeatStaleSeconds) {
      findings.push({
        check: 'gateway.hung',
        severity: 'critical',
        title: `Gateway process alive but its heartbeat is ${humanDuration(gw.heartbeatAgeSeconds)} old (hung)`,
        facts: [
          `Heartbeat age: ${humanDuration(gw.heartbeatAgeSeconds)} (limit ${humanDuration(thresholds.heartbeatStaleSeconds)})`,
          ...(gw.pid !== null ? [`PID ${gw.pid}`] : []),
        ],
        since: gw.heartbeatAt ?? isoBefore(vmNow, gw.heartbeatAgeSeconds),
        commands: ['gateway-journal', 'gateway-restart', 'gateway-status'],
      });
    }
    for (const [name, p] of Object.entries(gw.platforms)) {
      const key = name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
      if (!key) continue;
      const check = `gateway.platform.${key}`;
      const label = platformLabel(name);
      const facts = [`${label} state: ${p.state ?? 'unknown'}`];
      if (p.errorCode) facts.push(`Error code: ${p.errorCode}`);
      if (p.errorMessage) facts.push(`Error: ${p.errorMessage}`);
      const cmds = ['gateway-journal', 'gateway-restart', 'gateway-status'];
      if (p.state === null) unknown.push(check);
      else if (p.state === 'fatal') {
        findings.push({
          check,
          severity: 'critical',
          title: `${label} failed fatally (${p.errorCode ?? 'no code'})`,
          facts,
          since: p.updatedAt,
          commands: cmds,
        });
      } else if (p.state === 'disconnected' || p.state === 'retrying') {
        findings.push({
          check,
          severity: 'warning',
          title: `${label} not connected (${p.state})`,
          facts,
          since: p.updatedAt,
          commands: cmds,
        });
      } else if (p.state === 'connecting') {
        const age = p.updatedAt ? (vmNow - Date.parse(p.updatedAt)) / 1000 : null;
        if (age !== null && age > CONNECTING_GRACE_SECONDS) {
          findings.push({
            check,
            severity: 'warning',
            title: `${label} stuck connecting for ${humanDuration(age)}`,
            facts,
            since: p.updatedAt,
            commands: cmds,
          });
        }
      } else if (p.state === 'paused') {
        findings.push({
          check,
          severity: 'info',
          title: `${label} is paused`,
          facts,
          since: p.updatedAt,
          commands: [],
        });
      }
    }
  }

  // The systemd unit. When the process is known down, the unit facts ride on that warning instead.
  const processDown = gw.running === false;
  if (notFound && !unit) {
    findings.push({
      check: 'gateway.unit-inactive',
      severity: 'critical',
      title: `Gateway unit ${notFound.name} is not installed`,
      facts: [
        `systemd (${unitScope(notFound, snapshot) ?? 'unknown'} manager) reports ${notFound.name} as not-found; if it runs under the other manager, set its scope in the exporter config`,
      ],
      commands: ['hermes-doctor', 'hermes-status'],
    });
  } else if (unit) {
    if (unit.activeState === null) unknown.push('gateway.unit-inactive');
    else if (unit.activeState !== 'active' && !processDown) {
      const starting = unit.activeState === 'activating' || unit.activeState === 'reloading';
      findings.push({
        check: 'gateway.unit-inactive',
        severity: starting ? 'warning' : 'critical',
        title: starting
          ? `Gateway unit ${unit.name} is (re)starting`
          : `Gateway unit ${unit.name} is ${unit.activeState}`,
        facts: unitFacts(unit),
        commands: GATEWAY_CMDS,
      });
    }
    if (unit.unitFileState === null) unknown.push('gateway.unit-disabled');
    else if (!ENABLED_STATES.has(unit.unitFileState)) {
      findings.push({
        check: 'gateway.unit-disabled',
        severity: 'warning',
        title: `Gateway unit ${unit.name} is ${unit.unitFileState} (will not start at boot)`,
        facts: [`UnitFileState: ${unit.unitFileState}`],
        commands: ['gateway-status'],
      });
    }
  }

  // Restart churn.
  if (gw.restartsLastHour === null) unknown.push('gateway.restart-churn');
  else if (gw.restartsLastHour >= thresholds.restartsPerHourWarning) {
    const critical = gw.restartsLastHour >= thresholds.restartsPerHourWarning * 2;
    findings.push({
      check: 'gateway.restart-churn',
      severity: critical ? 'critical' : 'warning',
      title: `Gateway restarted ${gw.restartsLastHour} times in the last hour`,
      facts: [
        `Starts in the last hour: ${gw.restartsLastHour} (warn at ${thresholds.restartsPerHourWarning})`,
        ...(unit?.nRestarts != null ? [`systemd NRestarts: ${unit.nRestarts}`] : []),
      ],
      commands: ['gateway-journal', 'gateway-status', 'hermes-doctor'],
    });
  }
  return result(findings, unknown);
};
