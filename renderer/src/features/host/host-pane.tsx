import { useShallow } from 'zustand/react/shallow';
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import { EmptyState } from '../../components/empty-state.js';
import { DataAge, Facts } from '../../components/instance-columns.js';
import { Skeleton } from '../../components/skeleton.js';
import { StateBadge } from '../../components/state-badge.js';
import { bytes, duration, orDash, pct } from '../../lib/format.js';
import { selectInstances, selectScopedInstances } from '../../store/selectors.js';
import { useAppStore } from '../../store/store.js';
import { hostGroups, type HostGroup } from './host-groups.js';
import { untrustedPlain } from '../../lib/untrusted-display.js';
import { Untrusted } from '../../components/untrusted-text.js';

function Meter({ label, value, bad }: { label: string; value: number; bad: boolean }) {
  return (
    <meter className={bad ? 'meter bad' : 'meter'} min={0} max={100} value={value} aria-label={label}>
      {pct(value)}
    </meter>
  );
}

function HostFacts({ h }: { h: NonNullable<Snapshot['host']> }) {
  return (
    <>
      <h3 className="section-title">Disks</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Mount</th>
            <th scope="col">Used</th>
            <th scope="col">Free</th>
          </tr>
        </thead>
        <tbody>
          {h.disks.map((d) => (
            <tr key={d.mount}>
              <th scope="row">
                <Untrusted text={d.mount} />
              </th>
              <td>
                <Meter
                  label={`${untrustedPlain(d.mount, 80)} used`}
                  value={d.usedPct}
                  bad={d.usedPct >= 85}
                />{' '}
                {pct(d.usedPct)}
              </td>
              <td>
                {bytes(d.freeBytes)} of {bytes(d.totalBytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="section-title">System</h3>
      <Facts
        rows={[
          [
            'Memory available',
            h.memory
              ? `${pct(h.memory.availablePct)} (${bytes(h.memory.availableBytes)} of ${bytes(h.memory.totalBytes)})`
              : '—',
          ],
          ['Load (1/5/15 min)', h.load ? h.load.map((l) => l.toFixed(2)).join(' / ') : '—'],
          ['CPUs', orDash(h.cpuCount)],
          ['Uptime', duration(h.uptimeSeconds)],
          ['Tailscale IPv4', orDash(h.tailscaleIPv4)],
        ]}
      />
      <h3 className="section-title">Containers</h3>
      {h.containers.length === 0 ? (
        <EmptyState title="No containers configured" />
      ) : (
        <ul className="checklist">
          {h.containers.map((c) => (
            <li key={c.name} className={c.running ? 'text-good' : c.running === false ? 'text-bad' : 'muted'}>
              <Untrusted text={c.name} />:{' '}
              {c.running === null ? 'unknown' : c.running ? 'running' : 'stopped'}
              {c.status ? ` (${c.status})` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function HostColumn({ group }: { group: HostGroup }) {
  const { source, host } = group;
  return (
    <section className="column" aria-label={`VM ${group.hostName}`}>
      <header className="instance-header">
        <h2 className="instance-name">VM {group.hostName}</h2>
        {source ? <DataAge instance={source} /> : null}
      </header>
      <ul className="host-instances" aria-label={`Instances on ${group.hostName}`}>
        {group.instances.map((i) => (
          <li key={i.id}>
            {i.label} <StateBadge state={i.state} />
            {i === source ? <span className="muted small"> · reads the host</span> : null}
          </li>
        ))}
      </ul>
      {host ? (
        <HostFacts h={host} />
      ) : (
        <EmptyState title="No host readings for this VM">
          None of its instances’ exporters runs the host probes (they usually run on the root exporter), or
          none has sent a snapshot yet.
        </EmptyState>
      )}
    </section>
  );
}

/** Each VM once, with every instance that lives on it; the host readings from whichever exporter takes them. */
export function HostPane() {
  const all = useAppStore(useShallow(selectInstances));
  const scoped = useAppStore(useShallow(selectScopedInstances));
  const loaded = useAppStore((s) => s.app !== null);
  if (!loaded) return <Skeleton lines={6} label="Loading host" />;
  if (scoped.length === 0)
    return <EmptyState title="No instances configured">Add a host in Settings.</EmptyState>;
  const groups = hostGroups(all, scoped);
  return (
    <div className="pane-body">
      <div className={`columns columns-${groups.length}`}>
        {groups.map((g) => (
          <HostColumn key={g.hostName} group={g} />
        ))}
      </div>
    </div>
  );
}
