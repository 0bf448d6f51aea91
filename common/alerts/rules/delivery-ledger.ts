/**
 * Final replies Hermes produced that the platform never took (gateway/delivery_ledger.py): `failed` rows
 * are retried by Hermes, `abandoned` ones are gone for good. Either way the person never saw the answer.
 */
import { humanDuration, result, type Finding, type Rule } from '../rule-types.js';

function platformLabel(name: string): string {
  return name.length > 0 ? name[0]!.toUpperCase() + name.slice(1) : name;
}

export const deliveryLedgerRule: Rule = ({ snapshot, vmNow }) => {
  const signals = snapshot.signals;
  if (!signals) return result(); // an older exporter: nothing to say, nothing to carry
  const ledger = signals.deliveryLedger;
  if (ledger === null) return result([], ['delivery.undelivered']);
  if (!ledger.tablePresent) return result();
  const lost = (ledger.failed ?? 0) + (ledger.abandoned ?? 0);
  const findings: Finding[] = [];
  if (lost > 0) {
    const platforms = Object.entries(ledger.byPlatform)
      .filter(([, c]) => c.failed + c.abandoned > 0)
      .map(([p]) => platformLabel(p));
    const where = platforms.length ? platforms.join(', ') : 'the platform';
    const facts = [
      `${ledger.failed ?? 0} failed (Hermes retries these), ${ledger.abandoned ?? 0} abandoned (lost)`,
    ];
    if (ledger.pending || ledger.attempting)
      facts.push(`${(ledger.pending ?? 0) + (ledger.attempting ?? 0)} more still being sent`);
    if (ledger.lastFailedAt)
      facts.push(`Last failure ${humanDuration((vmNow - Date.parse(ledger.lastFailedAt)) / 1000)} ago`);
    findings.push({
      check: 'delivery.undelivered',
      severity: 'warning',
      title: `Hermes answered but ${where} never got it (${lost} ${lost === 1 ? 'reply' : 'replies'})`,
      facts,
      since: ledger.lastFailedAt,
      commands: ['gateway-journal', 'gateway-status'],
    });
  }
  return result(findings);
};
