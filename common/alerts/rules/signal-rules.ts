/**
 * The rules on `snapshot.signals` (newer Hermes; issue 13 §2, 16 §1/§3), one file each, registered in
 * evaluate-rules.ts with one spread. Each returns nothing for snapshots without `signals`.
 */
import type { Rule } from '../rule-types.js';
import { cronConsecutiveFailuresRule } from './cron-consecutive-failures.js';
import { cronFailureRoutingRule } from './cron-failure-routing.js';
import { cronJobsStoreRule } from './cron-jobs-store.js';
import { cronMissedRunsRule } from './cron-missed-runs.js';
import { cronRunOutcomesRule } from './cron-run-outcomes.js';
import { cronTickerErrorRule } from './cron-ticker-error.js';
import { cronWillNotFireRule } from './cron-will-not-fire.js';
import { deliveryLedgerRule } from './delivery-ledger.js';
import { gatewayRestartsRule } from './gateway-restarts.js';

export const SIGNAL_RULES: Rule[] = [
  deliveryLedgerRule,
  cronTickerErrorRule,
  cronJobsStoreRule,
  cronFailureRoutingRule,
  cronMissedRunsRule,
  cronConsecutiveFailuresRule,
  cronWillNotFireRule,
  cronRunOutcomesRule,
  gatewayRestartsRule,
];
