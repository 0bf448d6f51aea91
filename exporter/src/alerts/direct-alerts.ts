/**
 * Path 2: after each exporter run (its own systemd timer, every 60 s), tell the `direct` lane's events
 * (gateway down / failed to start / hung, cron ticker stalled: the ones that silence Hermes's own cron)
 * straight to the instance's Telegram chat through the Bot API, and one "back online" when they clear.
 *
 * Bounded: everything here, 429 waits included, fits in `alerts.telegram.budgetMs`, so a slow, failing
 * or black-holed Bot API never holds the run (the snapshot is already written when this starts). A send
 * that fails leaves the lane's policy state as it was, so the next run tries again; a 429 beyond the
 * budget is remembered (`retryNotBefore`) and honoured. Never throws; never logs the token or chat id.
 */
import { readFile } from 'node:fs/promises';
import type { Snapshot } from '../../../common/contract/snapshot.js';
import type { ExporterConfig } from '../config.js';
import { formatAlertMessages } from './alert-messages.js';
import { decideLane, evaluateOnVm } from './alerts-engine.js';
import { readAlertsState, withAlertsLock, writeAlertsState } from './alerts-state.js';
import { resolveBotToken } from './telegram-credential.js';
import { sendTelegramMessage, type SendMessageRequest, type SendResult } from './telegram-client.js';

export interface DirectDeps {
  env: NodeJS.ProcessEnv;
  /** Injected in unit tests; the real client otherwise. */
  send?: (req: SendMessageRequest) => Promise<SendResult>;
}

export interface DirectOutcome {
  /** Messages Telegram accepted in this run (0 or 1: one run's items go out as one message). */
  sent: number;
  /** One line for stderr (the journal) when something went wrong; never secret. */
  problem: string | null;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

export async function runDirectAlerts(
  config: ExporterConfig,
  snapshot: Snapshot,
  now: Date,
  deps: DirectDeps,
): Promise<DirectOutcome> {
  const telegram = config.alerts.telegram;
  if (!telegram) return { sent: 0, problem: null };
  const budget = AbortSignal.timeout(telegram.budgetMs);
  const started = Date.now();
  const send = deps.send ?? sendTelegramMessage;
  try {
    const token = await resolveBotToken(config, deps.env);
    let extraCa: string[] | undefined;
    if (telegram.caFile) extraCa = [await readFile(telegram.caFile, 'utf8')];
    // Path 1 holds the lock for well under a second; never wait for long inside the exporter's run.
    return await withAlertsLock(
      config.outDir,
      async () => {
        const state = await readAlertsState(config.outDir);
        const warnings = evaluateOnVm(config, { ok: true, snapshot }, now, state.warnings);
        const decision = decideLane(config, 'direct', state.lanes.direct, warnings, now);
        state.warnings = warnings;
        state.direct.tokenPresent = token.ok;
        const text = formatAlertMessages(decision.notifications, {
          label: config.instance.label,
          warnings: new Map(warnings.map((w) => [w.id, w])),
          before: decision.before,
          now,
          timeZone: config.alerts.timeZone,
        });
        const waitUntil = state.direct.retryNotBefore ? Date.parse(state.direct.retryNotBefore) : 0;
        let outcome: DirectOutcome = { sent: 0, problem: null };
        if (!text) {
          state.lanes.direct = decision.state;
        } else if (!token.ok) {
          // Not told, and not marked as told: it goes out once a token is there (check says path 2 is off).
          state.direct.lastError = `path 2 is off: ${token.reason}`;
          outcome = { sent: 0, problem: state.direct.lastError };
        } else if (waitUntil > now.getTime()) {
          outcome = { sent: 0, problem: `Telegram asked to wait until ${state.direct.retryNotBefore}` };
        } else {
          state.direct.lastAttemptAt = now.toISOString();
          const request = {
            baseUrl: telegram.baseUrl,
            token: token.token,
            chatId: telegram.chatId,
            text,
            extraCa,
            timeoutMs: telegram.requestTimeoutMs,
            signal: budget,
          };
          let result = await send(request);
          // One retry after a 429, when Telegram's retry_after fits in what is left of the budget.
          if (!result.ok && result.kind === 'rate-limited') {
            const waitMs = result.retryAfterSeconds * 1000;
            if (Date.now() - started + waitMs + 200 < telegram.budgetMs) {
              await sleep(waitMs, budget);
              if (!budget.aborted) result = await send(request);
            }
          }
          if (result.ok) {
            state.lanes.direct = decision.state;
            state.direct.lastDeliveryAt = new Date().toISOString();
            state.direct.lastError = null;
            state.direct.retryNotBefore = null;
            outcome = { sent: 1, problem: null };
          } else {
            state.direct.lastError = result.message;
            state.direct.retryNotBefore =
              result.kind === 'rate-limited'
                ? new Date(Date.now() + result.retryAfterSeconds * 1000).toISOString()
                : null;
            outcome = { sent: 0, problem: `Telegram: ${result.message}` };
          }
        }
        await writeAlertsState(config.outDir, state);
        return outcome;
      },
      5_000,
    );
  } catch (err) {
    return { sent: 0, problem: `path 2: ${(err as Error).message}` };
  }
}
