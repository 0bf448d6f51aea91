import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { chartDomain, chartDomainEnd } from '../../charts/chart-domain.js';
import { TrendChart } from '../../charts/trend-chart.js';
import { selectScopedInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import {
  historySpendLines,
  spendDayRows,
  spendDomain,
  spendLines,
  spendModelRows,
  unpricedModelsText,
  type SpendInstance,
} from './spend-trend-lines.js';

const usd = (v: number) => `$${v.toFixed(2)}`;
const tokens = (v: number) =>
  v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${Math.round(v / 1e3)}k` : String(v);

/**
 * Spend per UTC day (today and the 7 days before, from each instance's latest snapshot), by source, as
 * charts with a table beside each instance as their text alternative, plus a per-model table. Totals that
 * include usage Hermes could not price read "≥ $x"; such models read "unpriced".
 */
export function SpendTrends() {
  // Usage objects only change with a new snapshot, so a clock tick re-renders nothing here.
  const scoped = useAppStore(
    useShallow((s) => selectScopedInstances(s).flatMap((i) => [i.id, i.label, i.snapshot?.usage] as const)),
  );
  const instances = useMemo(() => {
    const out: SpendInstance[] = [];
    for (let k = 0; k < scoped.length; k += 3)
      out.push({
        id: scoped[k] as string,
        label: scoped[k + 1] as string,
        usage: scoped[k + 2] as SpendInstance['usage'],
      });
    return out;
  }, [scoped]);
  const domain = useMemo(() => spendDomain(instances), [instances]);
  // The longer view comes from the history (the same entries the Trends charts loaded for this range).
  const range = useAppStore((s) => s.trendRange);
  const domainEnd = useAppStore((s) => chartDomainEnd(s.now, s.trendRange));
  const historyDomain = useMemo(() => chartDomain(domainEnd, range), [domainEnd, range]);
  const ids = instances.map((i) => i.id);
  const entries = useAppStore(useShallow((s) => ids.map((id) => s.history[id])));
  const historyReady = entries.some((e) => e && e.range === range && e.data.status === 'ready');
  const historyLines = useMemo(
    () =>
      historySpendLines(
        instances.map((inst, k) => {
          const e = entries[k];
          return {
            label: inst.label,
            result: e && e.range === range && e.data.status === 'ready' ? e.data.value : undefined,
          };
        }),
      ),
    [instances, entries, range],
  );
  const costLines = useMemo(() => spendLines(instances, 'cost'), [instances]);
  const tokenLines = useMemo(() => spendLines(instances, 'tokens'), [instances]);

  return (
    <section className="spend-trends" aria-labelledby="spend-trends-h">
      <h2 id="spend-trends-h" className="card-title">
        Spend per day <span className="muted small">(UTC days, as Hermes’s dashboard counts them)</span>
      </h2>
      {domain ? (
        <div className="spend-chart-grid">
          <TrendChart
            title="Cost per day by source"
            unit="USD"
            format={usd}
            lines={costLines}
            domain={domain}
          />
          <TrendChart
            title="Tokens per day by source"
            unit="tokens"
            format={tokens}
            lines={tokenLines}
            domain={domain}
          />
        </div>
      ) : null}
      {historyReady ? (
        <div className="spend-chart-grid">
          <TrendChart
            title="Spend per day over the range"
            unit="USD, from history; cron dashed"
            format={usd}
            lines={historyLines}
            domain={historyDomain}
          />
        </div>
      ) : null}
      {instances.map((inst) => (
        <SpendTables key={inst.id} inst={inst} />
      ))}
    </section>
  );
}

function SpendTables({ inst }: { inst: SpendInstance }) {
  const usage = inst.usage;
  const days = useMemo(() => (usage ? spendDayRows(usage) : []), [usage]);
  const models = useMemo(() => (usage ? spendModelRows(usage) : []), [usage]);
  const unpriced = usage ? unpricedModelsText(usage) : null;
  if (!usage)
    return (
      <p className="muted" role="note">
        {inst.label}: spend unknown —{' '}
        {usage === null
          ? 'the exporter could not read it from state.db.'
          : 'this exporter does not report spend yet (update it on the VM).'}
      </p>
    );
  return (
    <div className="card spend-tables">
      <table className="table" aria-label={`Spend per day, ${inst.label}`}>
        <caption className="card-title">{inst.label}: spend per day</caption>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col">Total</th>
            <th scope="col">Cron</th>
            <th scope="col">Interactive</th>
            <th scope="col">Other</th>
            <th scope="col">Tokens</th>
            <th scope="col">Unpriced tokens</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date} aria-current={d.today ? 'date' : undefined}>
              <th scope="row">{d.today ? `${d.date} (today)` : d.date}</th>
              <td>{d.total}</td>
              <td>{d.cron}</td>
              <td>{d.interactive}</td>
              <td>{d.other}</td>
              <td>{d.tokens}</td>
              <td>{d.unpriced}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {models.length > 0 ? (
        <table className="table" aria-label={`Spend per model, ${inst.label}`}>
          <caption className="card-title">{inst.label}: spend per model (8 days)</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Task</th>
              <th scope="col">Today</th>
              <th scope="col">8 days</th>
              <th scope="col">Tokens</th>
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.key}>
                <th scope="row">{m.model}</th>
                <td>{m.task || 'main'}</td>
                <td>{m.today}</td>
                <td>{m.week}</td>
                <td>{m.tokens}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {unpriced ? (
        <p className="muted small">No price in Hermes for {unpriced}: amounts marked ≥ are lower bounds.</p>
      ) : null}
    </div>
  );
}
