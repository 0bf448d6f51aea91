/**
 * `snapshot.alerts`: whether the VM-side alerts are installed and working, as the exporter last saw them
 * (its alerts state file and Hermes's cron jobs). Additive and optional: snapshots from exporters without
 * VM-side alerts have no such field, and older apps ignore it. Never holds a token or a chat id.
 */
import { z } from 'zod';

const nullableIso = z.string().datetime({ offset: true }).nullable();

export const vmAlertsSchema = z.object({
  /** Path 1: a Hermes no_agent cron job runs `hermes-exporter alerts` and Hermes delivers what it prints. */
  hermesCron: z.object({
    /** The Hermes cron job recognised as the alerts job by name (alerts.cronJobPattern); null when none is. */
    job: z
      .object({
        id: z.string(),
        name: z.string().nullable(),
        enabled: z.boolean().nullable(),
        lastRunAt: nullableIso,
        lastStatus: z.string().nullable(),
        /** Hermes ran it but could not deliver what it printed. */
        deliveryFailed: z.boolean(),
        /** Platforms only (`telegram`), never chat ids. */
        deliver: z.array(z.string()),
      })
      .nullable(),
    /** The last `hermes-exporter alerts` run (from its state file). */
    lastRunAt: nullableIso,
    /** The last run that printed something to deliver. */
    lastMessageAt: nullableIso,
    lastError: z.string().nullable(),
  }),
  /** Path 2: the exporter's own timer writes to Telegram when Hermes cannot (gateway down/hung, ticker dead). */
  direct: z.object({
    /** `alerts.telegram` is in the exporter config. */
    configured: z.boolean(),
    /** A bot token was found at the last attempt; null before the first. */
    tokenPresent: z.boolean().nullable(),
    lastAttemptAt: nullableIso,
    lastDeliveryAt: nullableIso,
    /** Short and sanitised (never the token, never the chat id). */
    lastError: z.string().nullable(),
    /** Telegram asked to wait (429 retry_after) until then. */
    retryNotBefore: nullableIso,
  }),
});
export type VmAlertsStatus = z.infer<typeof vmAlertsSchema>;
