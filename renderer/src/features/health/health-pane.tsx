import { Untrusted } from '../../components/untrusted-text.js';
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import type { InstanceStatus } from '../../../../common/model/instance-status.js';
import { useCoreGate } from '../../components/core-gate.js';
import { EmptyState } from '../../components/empty-state.js';
import { Facts, InstanceColumns } from '../../components/instance-columns.js';
import { WhenTime } from '../../components/when-time.js';
import { Tri } from '../../components/state-badge.js';
import { ageNow } from '../../lib/age-now.js';
import { absoluteTime, duration, orDash } from '../../lib/format.js';
import { useActions } from '../../store/actions.js';
import { useAppStore } from '../../store/store.js';
import { unitGroups } from './unit-scope-note.js';
import { DeliveryLedger } from './DeliveryLedger.js';
import { RestartForensics } from './RestartForensics.js';

function Dashboard({ s, instance }: { s: Snapshot; instance: InstanceStatus }) {
  const actions = useActions();
  const notice = useAppStore((st) =>
    st.dashboardNotice?.instanceId === instance.id ? st.dashboardNotice.text : null,
  );
  const exposure = s.dashboard.exposure;
  const bad = exposure === 'public' || exposure === 'private';
  const notListening = s.dashboard.bindings.length === 0;
  // The core opens the tunnel: off while it is away, with the reason (as every action that needs it).
  const gate = useCoreGate(notListening);
  return (
    <>
      <h3 className="section-title">Dashboard</h3>
      <Facts
        rows={[
          ['Port', orDash(s.dashboard.port)],
          [
            'Exposure',
            <span className={bad ? 'text-bad' : undefined}>
              {exposure ?? 'unknown'}
              {exposure === 'public' ? ' — reachable from the internet' : ''}
            </span>,
          ],
          [
            'Bound to',
            s.dashboard.bindings.length
              ? s.dashboard.bindings.map((b) => b.address).join(', ')
              : 'not listening',
          ],
        ]}
      />
      <button
        type="button"
        className="btn btn-small"
        {...gate}
        title={gate.title ?? (notListening ? 'The dashboard is not listening on the VM' : undefined)}
        onClick={() => void actions.openDashboard(instance.id)}
      >
        Open dashboard ({instance.label})
      </button>
      {notice ? <p role="status">{notice}</p> : null}
    </>
  );
}

function HealthColumn({ s, instance }: { s: Snapshot; instance: InstanceStatus }) {
  const g = s.gateway;
  const platforms = Object.entries(g.platforms);
  // As the Overview card does: the age at snapshot time plus how old the snapshot is now, so it keeps
  // counting while no new data comes (one heartbeat age everywhere, issue 15 §5).
  const heartbeatAge = useAppStore((st) => ageNow(g.heartbeatAgeSeconds, instance, st.now));
  return (
    <>
      <h3 className="section-title">Gateway</h3>
      <Facts
        rows={[
          ['Running', <Tri value={g.running} />],
          ['State', orDash(g.state)],
          [
            // On the VM's clock (ADR 0004), counted on to now: the figure Overview shows too.
            'Heartbeat',
            heartbeatAge !== null ? (
              <time
                dateTime={g.heartbeatAt ?? undefined}
                title={g.heartbeatAt ? absoluteTime(g.heartbeatAt) : undefined}
              >
                {duration(heartbeatAge)} ago
              </time>
            ) : g.heartbeatAt ? (
              <WhenTime iso={g.heartbeatAt} />
            ) : (
              <span className="muted">none</span>
            ),
          ],
          ['Heartbeat pid matches', <Tri value={g.heartbeatPidMatches} />],
          ['PID', orDash(g.pid)],
          ['Active agents', orDash(g.activeAgents)],
          [
            'Restarts in the last hour',
            <span className={(g.restartsLastHour ?? 0) >= 3 ? 'text-bad' : undefined}>
              {orDash(g.restartsLastHour)}
            </span>,
          ],
          ['Exit reason', orDash(g.exitReason)],
        ]}
      />
      <RestartForensics s={s} label={instance.label} />
      <DeliveryLedger s={s} label={instance.label} />
      <h3 className="section-title">Platforms</h3>
      {platforms.length === 0 ? (
        <EmptyState title="No platforms reported" />
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Platform</th>
              <th scope="col">State</th>
              <th scope="col">Error</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {platforms.map(([name, p]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className={p.state === 'connected' ? 'text-good' : 'text-bad'}>
                  <Untrusted text={p.state ?? 'unknown'} />
                </td>
                <td>
                  <Untrusted text={p.errorMessage ?? p.errorCode ?? '—'} />
                </td>
                <td>
                  <WhenTime iso={p.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unitGroups(s).map((group) => (
        <section key={group.title} aria-label={`${instance.label}: ${group.title}`}>
          <h3 className="section-title">{group.title}</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Unit</th>
                <th scope="col">Active</th>
                <th scope="col">Enabled</th>
                {/* systemd's NRestarts: automatic restarts since the unit was last started by hand, not the last hour's. */}
                <th scope="col" title="Automatic restarts since the unit was last started by hand">
                  Restarts since started
                </th>
              </tr>
            </thead>
            <tbody>
              {group.units.map((u) => (
                <tr key={`${u.scope ?? ''}:${u.name}`}>
                  <th scope="row" title={u.role}>
                    <Untrusted text={u.name} />
                  </th>
                  <td
                    className={u.activeState !== null && u.activeState !== 'active' ? 'text-bad' : undefined}
                  >
                    {orDash(u.activeState)}
                    {u.subState ? ` (${u.subState})` : ''}
                  </td>
                  <td>{orDash(u.unitFileState)}</td>
                  <td>{orDash(u.nRestarts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <Dashboard s={s} instance={instance} />
    </>
  );
}

export function HealthPane() {
  return (
    <div className="pane-body">
      <InstanceColumns pane="health">{(s, i) => <HealthColumn s={s} instance={i} />}</InstanceColumns>
    </div>
  );
}
