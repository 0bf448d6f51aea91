/**
 * Host pressure, with the thresholds Hermes's own dashboard uses: memory elevated below 15 % / critical
 * below 5 % available; disk by percent used and by absolute free space (critical below 256 MB, elevated
 * below twice that). Host data is per VM, so evaluate-rules runs this for one instance per host only.
 */
import { humanBytes } from '../format-bytes.js';
import { result, type Finding, type Rule } from '../rule-types.js';

function mountKey(mount: string): string {
  if (mount === '/') return 'root';
  return (
    mount
      .replace(/^\/+/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 64) || 'root'
  );
}

export const hostRule: Rule = ({ snapshot, thresholds: t }) => {
  const host = snapshot.host;
  if (!host) return result();
  const findings: Finding[] = [];
  const unknown: string[] = [];

  for (const disk of host.disks) {
    const critical = disk.freeBytes < t.diskFreeBytesCritical || disk.usedPct >= t.diskUsedPctCritical;
    const warning = disk.freeBytes < 2 * t.diskFreeBytesCritical || disk.usedPct >= t.diskUsedPctWarning;
    if (!critical && !warning) continue;
    findings.push({
      check: `host.disk.${mountKey(disk.mount)}`,
      severity: critical ? 'critical' : 'warning',
      title: `Disk ${disk.mount} ${Math.round(disk.usedPct)} % full (${humanBytes(disk.freeBytes)} free)`,
      facts: [
        `${disk.label}: ${humanBytes(disk.freeBytes)} free of ${humanBytes(disk.totalBytes)}`,
        `Warn at ${t.diskUsedPctWarning} % or < ${humanBytes(2 * t.diskFreeBytesCritical)} free; critical at ${t.diskUsedPctCritical} % or < ${humanBytes(t.diskFreeBytesCritical)}`,
      ],
      commands: ['disk-usage'],
    });
  }

  if (host.memory === null) unknown.push('host.memory');
  else {
    const pct = host.memory.availablePct;
    if (pct < t.memAvailablePctWarning) {
      findings.push({
        check: 'host.memory',
        severity: pct < t.memAvailablePctCritical ? 'critical' : 'warning',
        title: `Memory pressure: ${Math.round(pct * 10) / 10} % available (${humanBytes(host.memory.availableBytes)})`,
        facts: [
          `${humanBytes(host.memory.availableBytes)} available of ${humanBytes(host.memory.totalBytes)}`,
          `Warn below ${t.memAvailablePctWarning} %, critical below ${t.memAvailablePctCritical} %`,
        ],
        commands: ['memory'],
      });
    }
  }

  for (const c of host.containers) {
    const key = c.name.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64);
    if (!key) continue;
    if (c.running === null) unknown.push(`host.container.${key}`);
    else if (!c.running) {
      findings.push({
        check: `host.container.${key}`,
        severity: 'warning',
        title: `Container ${c.name} is not running`,
        facts: [`Status: ${c.status ?? 'unknown'}`],
        commands: ['containers-status'],
      });
    }
  }
  return result(findings, unknown);
};
