/**
 * The document (window) title and the top bar's status line, verdict first. Pure, so both read the same:
 *   "Needs attention · Overview — Hermes Mission Control"
 *   "Bheem: Critical · Cron — Hermes Mission Control"
 *   "Unknown · Overview — as of 11:51 — Mission Control disconnected"
 */
import { VERDICT_LABELS, type VerdictLevel } from '../../../common/model/verdict.js';

export const APP_NAME = 'Hermes Mission Control';

/** Why the window cannot vouch for its data, or null while it can. */
export type LinkDown = 'disconnected' | 'rejected' | null;

export interface TitleInput {
  verdict: VerdictLevel;
  paneLabel: string;
  /** The instance tab's label; null for All. */
  scopeLabel: string | null;
  linkDown: LinkDown;
  /** Clock time ("11:51") of the oldest data on screen, or null when there is none. */
  asOfClock: string | null;
}

/** "— Mission Control disconnected" and friends: what the title and top bar add while the link is down. */
export function linkDownText(linkDown: Exclude<LinkDown, null>): string {
  return linkDown === 'rejected'
    ? 'Mission Control restarted — open the URL it printed'
    : 'Mission Control disconnected';
}

export function documentTitle(t: TitleInput): string {
  const verdict = `${t.scopeLabel ? `${t.scopeLabel}: ` : ''}${VERDICT_LABELS[t.verdict]}`;
  const tail = t.linkDown
    ? `${t.asOfClock ? `as of ${t.asOfClock} — ` : ''}${linkDownText(t.linkDown)}`
    : APP_NAME;
  return `${verdict} · ${t.paneLabel} — ${tail}`;
}
