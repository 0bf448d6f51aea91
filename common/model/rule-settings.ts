/**
 * What the rules and the notification policy are tuned by (part of Settings), and the policy's visible
 * state. Runtime-neutral: the app and the exporter's `alerts` subcommand both use these.
 */
import { z } from 'zod';

export const SNOOZE_DURATIONS = ['1h', '4h', 'tomorrow'] as const;
export type SnoozeDuration = (typeof SNOOZE_DURATIONS)[number];

export interface NotificationStatus {
  /** Global mute until this ISO time, or null. */
  mutedUntil: string | null;
  /** Snoozed warning ids → until (ISO). */
  snoozed: Record<string, string>;
  /** Acknowledged warning ids. */
  acknowledged: string[];
  quietHoursActive: boolean;
}

export const thresholdsSchema = z.object({
  diskUsedPctWarning: z.number().min(1).max(100).default(85),
  diskUsedPctCritical: z.number().min(1).max(100).default(95),
  diskFreeBytesCritical: z
    .number()
    .int()
    .nonnegative()
    .default(256 * 1024 * 1024),
  memAvailablePctWarning: z.number().min(0).max(100).default(15),
  memAvailablePctCritical: z.number().min(0).max(100).default(5),
  heartbeatStaleSeconds: z.number().int().min(30).default(150),
  tickerStaleSeconds: z.number().int().min(60).default(200),
  backupMaxAgeMinutes: z.number().int().min(1).default(60),
  restartsPerHourWarning: z.number().int().min(1).default(3),
  restoreDrillMaxAgeDays: z.number().int().min(1).default(92),
  staleAfterIntervals: z.number().min(1.5).default(3),
  clockSkewWarnSeconds: z.number().int().min(1).default(120),
  /** A cron job whose last N runs failed in a row warns (rules/cron-consecutive-failures.ts). */
  cronFailureStreakWarning: z.number().int().min(2).max(100).default(3),
  // Spend guard (common/spend/spend-guard.ts, rules/spend-guard.ts). Today = the VM's UTC day, as
  // Hermes's own dashboard counts it.
  /** Warn when today's spend reaches this multiple of the trailing 7-day daily average. */
  spendBaselineMultiple: z.number().min(1.1).max(100).default(3),
  /** …and only from this many USD on (a $0.02 week makes $0.07 "3.5×" but nobody's problem). */
  spendBaselineMinUsd: z.number().nonnegative().default(1),
  /** Optional daily cap in USD per instance id; warnings at 50/75/90/100 % of it. */
  spendDailyCapUsd: z.record(z.string(), z.number().positive()).default({}),
  /** Overnight window (local time, like quiet hours): cron spend over this many USD in the last hour is critical. */
  spendOvernightCronUsdPerHour: z.number().nonnegative().default(0.5),
  spendOvernight: z
    .object({
      enabled: z.boolean(),
      start: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM'),
      end: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM'),
    })
    .default({ enabled: true, start: '22:00', end: '07:00' }),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

/**
 * Per instance: who tells the person about its warnings once VM-side alerts are installed.
 * `telegram`: the VM's Telegram alerts only; the desktop stays quiet about what the VM tells (it still
 * tells what only the laptop sees, such as "cannot reach the VM", and everything while the VM-side
 * alerts are not working). `desktop`: desktop notifications only (leave the VM-side alerts uninstalled).
 * `both`: both tell (the default).
 */
export const VM_ALERTS_DELIVERY = ['telegram', 'desktop', 'both'] as const;
export const vmAlertsDeliverySchema = z.enum(VM_ALERTS_DELIVERY);
export type VmAlertsDelivery = z.infer<typeof vmAlertsDeliverySchema>;

export const notificationPrefsSchema = z.object({
  enabled: z.boolean().default(true),
  /** Polls a non-critical warning must hold before it notifies (flap control). */
  holdPolls: z.number().int().min(1).max(20).default(2),
  reminderMinutes: z.number().int().min(15).default(240),
  quietHours: z
    .object({
      enabled: z.boolean(),
      start: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM'),
      end: z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM'),
    })
    .default({ enabled: false, start: '22:00', end: '07:00' }),
  criticalBreaksThrough: z.boolean().default(true),
  maxPerHour: z.number().int().min(1).max(120).default(12),
  /** Instance id → delivery choice; an instance not listed is `both`. Optional: older configs lack it. */
  deliveryByInstance: z.record(z.string(), vmAlertsDeliverySchema).optional(),
});
export type NotificationPrefs = z.infer<typeof notificationPrefsSchema>;
