/**
 * Backups and recovery. Freshness is "when did a backup last run successfully", not "when was the last
 * commit": the sync commits only when something changed, so an idle night is not a stale backup.
 */
import type { Snapshot, UnitInfo } from '../../contract/snapshot.js';
import { unitWithRole } from '../../runbook/runbook-commands.js';
import { humanDuration, result, type Finding, type Rule, type RuleContext } from '../rule-types.js';

const DAY = 86400;
/** An access token this close to expiry, with no refresh token, needs a re-login soon. */
const TOKEN_EXPIRY_WARN_SECONDS = 7 * DAY;

function timerIntervalSeconds(unit: UnitInfo | null): number | null {
  if (!unit?.lastTriggerAt || !unit.nextTriggerAt) return null;
  const s = (Date.parse(unit.nextTriggerAt) - Date.parse(unit.lastTriggerAt)) / 1000;
  return Number.isFinite(s) && s > 0 ? s : null;
}

/** The latest evidence of a successful backup run, from the cron job, the timer and the repo. */
function lastBackup(snapshot: Snapshot, timer: UnitInfo | null): { at: number; facts: string[] } | null {
  const facts: string[] = [];
  const times: number[] = [];
  for (const job of snapshot.cron.jobs ?? []) {
    if (job.role === 'backup' && job.lastStatus === 'ok' && job.lastRunAt) {
      times.push(Date.parse(job.lastRunAt));
      facts.push(`Backup job last succeeded: ${job.lastRunAt}`);
    }
  }
  // Only a run that succeeded is a backup: a failed run (or one whose result is unknown, ADR 0002) fired
  // recently but backed nothing up.
  if (timer?.lastTriggerAt && timer.result === 'success') {
    times.push(Date.parse(timer.lastTriggerAt));
    facts.push(`Backup timer last fired: ${timer.lastTriggerAt}`);
  } else if (timer?.lastTriggerAt) {
    facts.push(
      `Backup timer last fired ${timer.lastTriggerAt}, result ${timer.result ?? 'unknown'}: not counted as a backup`,
    );
  }
  if (snapshot.backup?.lastCommitAt) {
    times.push(Date.parse(snapshot.backup.lastCommitAt));
    facts.push(`Last backup commit: ${snapshot.backup.lastCommitAt}`);
  }
  const valid = times.filter((t) => Number.isFinite(t));
  return valid.length > 0 ? { at: Math.max(...valid), facts } : null;
}

function repoChecks(ctx: RuleContext, findings: Finding[], unknown: string[]): void {
  const b = ctx.snapshot.backup;
  if (!b) return;
  const repoCmds = ['backup-repo-status', 'backup-now'];
  if (b.head === null) {
    findings.push({
      check: 'backup.head-unreadable',
      severity: 'warning',
      title: 'Backup repo HEAD is unreadable',
      facts: [`Repo: ${b.repoPath}`, ...probeError(ctx.snapshot, 'backup')],
      commands: ['backup-repo-status'],
    });
  }
  if (b.dirty === null) unknown.push('backup.repo-dirty');
  else if (b.dirty) {
    findings.push({
      check: 'backup.repo-dirty',
      severity: 'warning',
      title: `Backup repo has ${b.dirtyFiles ?? 'some'} uncommitted file${b.dirtyFiles === 1 ? '' : 's'}`,
      facts: [`Repo: ${b.repoPath}`],
      commands: repoCmds,
    });
  }
  if (b.head !== null && b.upstream === null) {
    findings.push({
      check: 'backup.unpushed',
      severity: 'warning',
      title: 'Backup branch has no upstream: backups never leave the VM',
      facts: [`Repo: ${b.repoPath}`, `Branch: ${b.branch ?? 'unknown'}`],
      commands: ['backup-repo-status'],
    });
  } else if (b.ahead === null) unknown.push('backup.unpushed');
  else if (b.ahead > 0) {
    findings.push({
      check: 'backup.unpushed',
      severity: 'warning',
      title: `Backup repo is ${b.ahead} commit${b.ahead === 1 ? '' : 's'} ahead of ${b.upstream ?? 'upstream'} (not pushed)`,
      facts: [`Repo: ${b.repoPath}`],
      commands: repoCmds,
    });
  }
  if (b.forbiddenFiles === null) unknown.push('backup.forbidden-files');
  else if (b.forbiddenFiles.length > 0) {
    findings.push({
      check: 'backup.forbidden-files',
      severity: 'critical',
      title: `Forbidden file${b.forbiddenFiles.length === 1 ? '' : 's'} tracked in the backup repo`,
      facts: [`Repo: ${b.repoPath}`, ...b.forbiddenFiles.slice(0, 8).map((f) => `Tracked: ${f}`)],
      commands: ['backup-repo-status', 'restore-drill-secret-scan'],
    });
  }
  if (b.secretScan === null) unknown.push('backup.secret-pattern');
  else if (b.secretScan.hits.length > 0) {
    findings.push({
      check: 'backup.secret-pattern',
      severity: 'critical',
      title: `Secret pattern found in the backup repo (${b.secretScan.hits.length} hit${b.secretScan.hits.length === 1 ? '' : 's'})`,
      facts: [
        `Scanned HEAD ${b.secretScan.head} at ${b.secretScan.scannedAt}`,
        ...b.secretScan.hits.slice(0, 8).map((h) => `${h.file}: ${h.pattern}`),
      ],
      since: b.secretScan.scannedAt,
      commands: ['backup-repo-status', 'restore-drill-secret-scan'],
    });
  }
  if (b.restorePayload === null) unknown.push('backup.restore-payload-incomplete');
  else {
    const missing = Object.entries(b.restorePayload)
      .filter(([, present]) => !present)
      .map(([part]) => part);
    if (missing.length > 0) {
      findings.push({
        check: 'backup.restore-payload-incomplete',
        severity: 'warning',
        title: `Restore payload incomplete: missing ${missing.join(', ')}`,
        facts: [`Repo: ${b.repoPath}`],
        commands: ['backup-now', 'restore-drill-verify-present'],
      });
    }
  }
}

function probeError(snapshot: Snapshot, name: string): string[] {
  const p = snapshot.probes.find((x) => x.name === name && !x.ok);
  return p?.error ? [`Probe ${name}: ${p.error}`] : [];
}

function recoveryChecks(ctx: RuleContext, findings: Finding[], unknown: string[]): void {
  const { snapshot, thresholds, vmNow } = ctx;
  const r = snapshot.recovery;
  if (r.restoreDrillAgeDays === null) unknown.push('recovery.restore-drill-old');
  else if (r.restoreDrillAgeDays > thresholds.restoreDrillMaxAgeDays) {
    findings.push({
      check: 'recovery.restore-drill-old',
      severity: 'warning',
      title: `Last restore drill was ${Math.floor(r.restoreDrillAgeDays)} days ago (quarterly drill due)`,
      facts: [
        `Last drill: ${r.restoreDrillAt ?? 'unknown'}`,
        `Allowed: ${thresholds.restoreDrillMaxAgeDays} days`,
      ],
      since: r.restoreDrillAt
        ? new Date(
            Date.parse(r.restoreDrillAt) + thresholds.restoreDrillMaxAgeDays * DAY * 1000,
          ).toISOString()
        : null,
      commands: [
        'restore-drill-clone',
        'restore-drill-secret-scan',
        'restore-drill-verify-present',
        'restore-drill-verify-absent',
        'restore-drill-cleanup',
      ],
    });
  }
  const token = r.googleToken;
  if (token === null) unknown.push('recovery.google-token');
  else if (!token.present) {
    findings.push({
      check: 'recovery.google-token',
      severity: 'warning',
      title: 'Google Drive token missing: emergency uploads cannot run',
      facts: ['Re-run the Drive OAuth login on the VM.'],
      commands: ['emergency-upload-status'],
    });
  } else if (token.expiresAt && token.hasRefreshToken !== true) {
    const left = (Date.parse(token.expiresAt) - vmNow) / 1000;
    if (left < TOKEN_EXPIRY_WARN_SECONDS) {
      findings.push({
        check: 'recovery.google-token',
        severity: 'warning',
        title:
          left <= 0
            ? 'Google Drive token has expired'
            : `Google Drive token expires in ${humanDuration(left)}`,
        facts: [`Expires: ${token.expiresAt}`, 'No refresh token: it will not renew on its own.'],
        since: left <= 0 ? token.expiresAt : null,
        commands: ['emergency-upload-status'],
      });
    }
  }
  const upload = unitWithRole(snapshot, 'emergency-upload-timer');
  if (!upload) return;
  const cmds = ['emergency-upload-journal', 'emergency-upload-status', 'emergency-upload-now'];
  if (upload.activeState === null) unknown.push('recovery.emergency-upload');
  else if (upload.activeState !== 'active') {
    findings.push({
      check: 'recovery.emergency-upload',
      severity: 'warning',
      title: `Emergency Drive upload timer ${upload.name} is ${upload.activeState}`,
      facts: [],
      commands: cmds,
    });
  } else if (upload.result !== null && upload.result !== 'success') {
    findings.push({
      check: 'recovery.emergency-upload',
      severity: 'warning',
      title: `Emergency Drive upload is failing (${upload.result})`,
      facts: [`Last run: ${upload.lastTriggerAt ?? 'unknown'}`],
      commands: cmds,
    });
  } else if (upload.lastTriggerAt) {
    const age = (vmNow - Date.parse(upload.lastTriggerAt)) / 1000;
    const interval = timerIntervalSeconds(upload);
    const allowed = interval !== null ? 2 * interval + 3600 : 8 * DAY;
    if (age > allowed) {
      findings.push({
        check: 'recovery.emergency-upload',
        severity: 'warning',
        title: `Emergency Drive upload is stale (last ${humanDuration(age)} ago)`,
        facts: [`Last run: ${upload.lastTriggerAt}`],
        since: upload.lastTriggerAt,
        commands: cmds,
      });
    }
  }
}

export const backupRule: Rule = (ctx) => {
  const { snapshot, thresholds, vmNow } = ctx;
  const findings: Finding[] = [];
  const unknown: string[] = [];
  const timer = unitWithRole(snapshot, 'backup-timer');

  if (
    snapshot.backup === null &&
    timer === null &&
    !(snapshot.cron.jobs ?? []).some((j) => j.role === 'backup')
  ) {
    findings.push({
      check: 'backup.not-configured',
      severity: 'warning',
      title: 'No backup configured for this instance',
      facts: ['No backup repo, backup timer or backup cron job was found.'],
      commands: [],
    });
  }
  if (timer) {
    if (timer.activeState === null) unknown.push('backup.timer-inactive');
    else if (timer.activeState !== 'active') {
      findings.push({
        check: 'backup.timer-inactive',
        severity: 'warning',
        title: `Backup timer ${timer.name} is ${timer.activeState}`,
        facts: [`Last fired: ${timer.lastTriggerAt ?? 'unknown'}`],
        commands: ['backup-timer-status', 'backup-now'],
      });
    }
  }
  if (snapshot.backup !== null || timer !== null) {
    const last = lastBackup(snapshot, timer);
    const interval = timerIntervalSeconds(timer);
    const allowed = Math.max(thresholds.backupMaxAgeMinutes * 60, interval !== null ? 2 * interval : 0);
    if (last === null) unknown.push('backup.stale');
    else {
      const age = (vmNow - last.at) / 1000;
      if (age > allowed) {
        findings.push({
          check: 'backup.stale',
          severity: age > Math.max(DAY, 4 * allowed) ? 'critical' : 'warning',
          title: `Last backup ran ${humanDuration(age)} ago (allowed ${humanDuration(allowed)})`,
          facts: last.facts,
          since: new Date(last.at + allowed * 1000).toISOString(),
          commands: ['backup-now', 'backup-timer-status', 'backup-repo-status', 'hermes-cron-list'],
        });
      }
    }
  }
  repoChecks(ctx, findings, unknown);
  recoveryChecks(ctx, findings, unknown);
  return result(findings, unknown);
};
