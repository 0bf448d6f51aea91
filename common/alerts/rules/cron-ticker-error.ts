/**
 * The cron ticker's last tick failed (cron/ticker_last_error exists only until a tick succeeds again,
 * cron/jobs.py `record_ticker_error` / `clear_ticker_error`): no job fires while it keeps failing.
 */
import { humanDuration, result, type Rule } from '../rule-types.js';

export const cronTickerErrorRule: Rule = ({ snapshot }) => {
  const signals = snapshot.signals;
  if (!signals) return result();
  const err = signals.tickerLastError;
  if (err === null) return result([], ['cron.ticker-error']);
  if (!err.present) return result();
  const facts = [err.message ? `Error: ${err.message}` : 'Hermes recorded no message'];
  if (err.ageSeconds !== null) facts.push(`Recorded ${humanDuration(err.ageSeconds)} ago`);
  facts.push('Jobs do not fire while ticks fail; `hermes cron status` shows the same error.');
  return result([
    {
      check: 'cron.ticker-error',
      severity: 'warning',
      title: `Cron ticks are failing${err.message ? `: ${err.message.slice(0, 80)}` : ''}`,
      facts,
      since: err.at,
      commands: ['hermes-cron-list', 'gateway-journal'],
    },
  ]);
};
