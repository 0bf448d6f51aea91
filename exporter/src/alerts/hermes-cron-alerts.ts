/**
 * Path 1: `hermes-exporter alerts`, run by a Hermes `no_agent` cron job as the instance's user. Hermes
 * delivers its stdout verbatim to the job's Telegram target and treats empty stdout as a silent run, so
 * this prints only what a person should be told now (new, escalated, recovered, a reminder), and nothing
 * while everything is healthy or unchanged.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExporterConfig } from '../config.js';
import { SNAPSHOT_FILE } from '../run.js';
import { formatAlertMessages } from './alert-messages.js';
import { decideLane, evaluateOnVm } from './alerts-engine.js';
import { readAlertsState, withAlertsLock, writeAlertsState } from './alerts-state.js';
import type { SnapshotRead } from './vm-instance-status.js';

/** The exporter's latest snapshot, or why it cannot be used (a missing file means the exporter is not running). */
export async function readLatestSnapshot(outDir: string): Promise<SnapshotRead> {
  const file = join(outDir, SNAPSHOT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      reason: {
        code: 'SNAPSHOT_MISSING',
        message: `cannot read ${file} (${code}): is the hermes-exporter timer running?`,
      },
    };
  }
  const { parseSnapshotText } = await import('../../../common/contract/parse.js');
  const parsed = parseSnapshotText(text);
  if (!parsed.ok) return { ok: false, reason: { code: parsed.code, message: parsed.message } };
  return { ok: true, snapshot: parsed.snapshot };
}

/** One alerts run: the text to print ('' = silent). Throws when the shared state cannot be read or saved. */
export async function runHermesCronAlerts(config: ExporterConfig, now: Date): Promise<string> {
  return withAlertsLock(config.outDir, async () => {
    const state = await readAlertsState(config.outDir);
    const read = await readLatestSnapshot(config.outDir);
    const warnings = evaluateOnVm(config, read, now, state.warnings);
    const decision = decideLane(config, 'hermes', state.lanes.hermes, warnings, now);
    const text = formatAlertMessages(decision.notifications, {
      label: config.instance.label,
      warnings: new Map(warnings.map((w) => [w.id, w])),
      before: decision.before,
      now,
      timeZone: config.alerts.timeZone,
    });
    state.lanes.hermes = decision.state;
    state.warnings = warnings;
    state.hermesCron = {
      lastRunAt: now.toISOString(),
      lastMessageAt: text ? now.toISOString() : state.hermesCron.lastMessageAt,
      lastError: null,
    };
    // Saved before printing: a message is told once even if this process dies right after.
    await writeAlertsState(config.outDir, state);
    return text;
  });
}
