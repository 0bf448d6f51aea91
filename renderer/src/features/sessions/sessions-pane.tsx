import type { Snapshot } from '../../../../common/contract/snapshot.js';
import { windowCostText } from '../../../../common/spend/window-cost.js';
import { EmptyState } from '../../components/empty-state.js';
import { Facts, InstanceColumns } from '../../components/instance-columns.js';
import { WhenTime } from '../../components/when-time.js';
import { duration, orDash, usd } from '../../lib/format.js';

function sessionSeconds(
  startedAt: string | null,
  endedAt: string | null,
  last: string | null,
): number | null {
  const end = endedAt ?? last;
  if (!startedAt || !end) return null;
  return (new Date(end).getTime() - new Date(startedAt).getTime()) / 1000;
}

function PerDay({ s }: { s: Snapshot }) {
  const days = s.sessions.perDay.slice(-14);
  if (days.length === 0) return <EmptyState title="No per-day counts" />;
  const max = Math.max(1, ...days.map((d) => d.sessions));
  return (
    <table className="table per-day">
      <caption className="visually-hidden">Sessions and messages per day</caption>
      <thead>
        <tr>
          <th scope="col">Day (UTC)</th>
          <th scope="col">Sessions</th>
          <th scope="col">Messages</th>
        </tr>
      </thead>
      <tbody>
        {days.map((d) => (
          <tr key={d.date}>
            <th scope="row">{d.date}</th>
            <td>
              <span className="bar" style={{ width: `${(d.sessions / max) * 60}px` }} aria-hidden="true" />{' '}
              {d.sessions}
            </td>
            <td>{d.messages}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SessionsColumn({ s }: { s: Snapshot }) {
  const x = s.sessions;
  return (
    <>
      <Facts
        rows={[
          ['Active / total', `${orDash(x.active)} / ${orDash(x.total)} (${orDash(x.archived)} archived)`],
          ['Messages', orDash(x.messages)],
          ['Open sessions', orDash(x.open)],
          ['Last activity', <WhenTime iso={x.lastActivityAt} />],
          // A lower bound ("≥ $4.20") when Hermes could not price part of it (common/spend/window-cost.ts).
          [
            'Last 24 h',
            `${orDash(x.last24h.sessions)} sessions · ${windowCostText(x.last24h.costUsd, s.usage, 24)}`,
          ],
          [
            'Last 7 d',
            `${orDash(x.last7d.sessions)} sessions · ${windowCostText(x.last7d.costUsd, s.usage, 7 * 24)}`,
          ],
          [
            'By source',
            x.bySource
              ? Object.entries(x.bySource)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(' · ') || '—'
              : '—',
          ],
        ]}
      />
      <h3 className="section-title">Per day</h3>
      <PerDay s={s} />
      <h3 className="section-title">Recent sessions</h3>
      {x.recent.length === 0 ? (
        <EmptyState title="No recent sessions" />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Msgs</th>
              <th scope="col">Model</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            {x.recent.slice(0, 15).map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.source ?? '—'}</th>
                <td>
                  <WhenTime iso={r.startedAt} />
                </td>
                <td>
                  {r.endedAt ? duration(sessionSeconds(r.startedAt, r.endedAt, r.lastActivityAt)) : 'open'}
                </td>
                <td>{orDash(r.messageCount)}</td>
                <td>{orDash(r.model)}</td>
                <td>{usd(r.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function SessionsPane() {
  return (
    <div className="pane-body">
      <InstanceColumns pane="sessions">{(s) => <SessionsColumn s={s} />}</InstanceColumns>
    </div>
  );
}
