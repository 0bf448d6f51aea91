/**
 * Exposure and policy: the seeds' first guardrail (no Hermes dashboard on a public address) and the
 * security settings the roadmap insists on (approvals never `off`, secrets redacted).
 */
import { unitWithRole } from '../../runbook/runbook-commands.js';
import { result, type Finding, type Rule } from '../rule-types.js';

export const exposureRule: Rule = ({ snapshot }) => {
  const findings: Finding[] = [];
  const unknown: string[] = [];
  const d = snapshot.dashboard;
  const bindingFacts = d.bindings.map((b) => `Listening on ${b.address}:${d.port ?? '?'} (${b.class})`);

  if (d.exposure === null) unknown.push('exposure.dashboard-public', 'exposure.dashboard-lan');
  else if (d.exposure === 'public') {
    findings.push({
      check: 'exposure.dashboard-public',
      severity: 'critical',
      title: `Private dashboard is bound to a public address (port ${d.port ?? '?'})`,
      facts: [
        ...bindingFacts,
        'Guardrail: Hermes dashboards must be reachable only over loopback, SSH or Tailscale.',
      ],
      commands: ['listening-sockets', 'public-exposure-review', 'dashboard-status'],
    });
  } else if (d.exposure === 'private') {
    findings.push({
      check: 'exposure.dashboard-lan',
      severity: 'warning',
      title: `Dashboard is reachable on a LAN address, not only Tailscale (port ${d.port ?? '?'})`,
      facts: bindingFacts,
      commands: ['listening-sockets', 'dashboard-status'],
    });
  }

  const unit = unitWithRole(snapshot, 'dashboard');
  if (unit && unit.activeState === null) unknown.push('exposure.dashboard-down');
  else if (unit && unit.activeState !== 'active') {
    findings.push({
      check: 'exposure.dashboard-down',
      severity: 'warning',
      title: `Dashboard service ${unit.name} is ${unit.activeState}`,
      facts: [`Result: ${unit.result ?? 'unknown'}`],
      commands: ['dashboard-status', 'dashboard-restart', 'listening-sockets'],
    });
  } else if (d.port !== null && d.exposure === 'none') {
    findings.push({
      check: 'exposure.dashboard-down',
      severity: 'warning',
      title: `Dashboard is not listening on port ${d.port}`,
      facts: unit ? [`Unit ${unit.name} is active but nothing listens`] : [],
      commands: ['dashboard-status', 'dashboard-restart', 'listening-sockets'],
    });
  }

  const c = snapshot.config;
  if (c.approvalsMode === null) unknown.push('policy.approvals-off');
  else if (c.approvalsMode.toLowerCase() === 'off') {
    findings.push({
      check: 'policy.approvals-off',
      severity: 'critical',
      title: 'Command approvals are OFF: the agent runs commands without asking',
      facts: ['approvals.mode: off', 'Guardrail: keep approvals at manual or smart.'],
      commands: ['hermes-config-check'],
    });
  }
  if (c.redactSecrets === null) unknown.push('policy.redact-secrets-off');
  else if (!c.redactSecrets) {
    findings.push({
      check: 'policy.redact-secrets-off',
      severity: 'warning',
      title: 'security.redact_secrets is off: secrets can reach logs and chats',
      facts: ['security.redact_secrets: false'],
      commands: ['hermes-config-check'],
    });
  }
  return result(findings, unknown);
};
