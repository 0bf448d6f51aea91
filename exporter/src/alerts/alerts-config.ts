/**
 * The `alerts:` section of the exporter config: how the VM-side alerts judge and tell (the same rules and
 * notification policy as the app, tuned for a VM that runs them every few minutes), and, optionally, the
 * Telegram chat that path 2 (the exporter's own timer) writes to when Hermes cannot deliver.
 *
 * The bot token is NOT in here: it comes from a systemd credential or a 0600 file named here
 * (telegram-credential.ts). The chat id is, because it is the exporter's own setting, never read from
 * Hermes's `.env`; it is never written to a snapshot, a log or stdout.
 */
import { z } from 'zod';
import { thresholdsSchema } from '../../../common/model/rule-settings.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');

/** An IANA zone Intl knows, e.g. Asia/Kolkata (quiet hours and clock times in messages). */
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone like Europe/Berlin or UTC' },
);

export const telegramConfigSchema = z
  .object({
    /** The instance's chat: a numeric id (negative for groups) or an @channel name. */
    chatId: z
      .union([z.number().int(), z.string().regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{5,32})$/)], {
        error: 'must be a numeric chat id (e.g. -1001234567890) or @channelname',
      })
      .transform(String),
    /**
     * A 0600 file holding only the bot token, owned by root or the exporter's user, outside HERMES_HOME.
     * Not needed when systemd passes the credential (LoadCredential=telegram-bot-token:…).
     */
    tokenFile: z.string().min(1).optional(),
    /** The Bot API base; tests point it at a local HTTPS server. Only https:// is accepted. */
    baseUrl: z
      .string()
      .regex(/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an https:// URL')
      .default('https://api.telegram.org'),
    /** An extra CA (PEM) to trust besides the system's, for a Bot API proxy with a private CA. */
    caFile: z.string().min(1).optional(),
    /** One request's limit (connect + answer). */
    requestTimeoutMs: z.number().int().min(200).max(20_000).default(5_000),
    /** Everything path 2 may spend in one exporter run, 429 waits included (the unit allows 50 s). */
    budgetMs: z.number().int().min(500).max(30_000).default(15_000),
  })
  .strict();
export type TelegramConfig = z.infer<typeof telegramConfigSchema>;

export const alertsConfigSchema = z
  .object({
    /** Alert runs a non-critical warning must hold before it is told (criticals at once). */
    holdRuns: z.number().int().min(1).max(20).default(2),
    /** A critical still active is told again after this long. */
    reminderMinutes: z.number().int().min(15).default(240),
    quietHours: z
      .object({ enabled: z.boolean().default(true), start: hhmm, end: hhmm })
      .strict()
      .optional(),
    /** Zone for quiet hours and the clock times in messages. Default: the VM's own. */
    timeZone: timeZone.optional(),
    criticalBreaksThrough: z.boolean().default(true),
    maxPerHour: z.number().int().min(1).max(120).default(12),
    /** Overrides of the app's default thresholds (same names as in the app's Settings). */
    thresholds: thresholdsSchema.partial().strict().default({}),
    /** Case-insensitive regex recognising the Hermes cron job that runs `hermes-exporter alerts`, by name. */
    cronJobPattern: z.string().default('mission control alerts'),
    /** Path 2 (direct Telegram for gateway down/hung and ticker dead). Absent: path 2 is off. */
    telegram: telegramConfigSchema.optional(),
  })
  .strict()
  .prefault({});
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
