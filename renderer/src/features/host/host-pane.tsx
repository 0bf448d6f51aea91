import { Untrusted } from '../../components/untrusted-text.js';
import { untrustedPlain } from '../../lib/untrusted-display.js';
import type { Snapshot } from '../../../../common/contract/snapshot.js';
import { EmptyState } from '../../components/empty-state.js';
import { Facts, InstanceColumns } from '../../components/instance-columns.js';
import { bytes, duration, orDash, pct } from '../../lib/format.js';

function Meter({ label, value, bad }: { label: string; value: number; bad: boolean }) {
  return (
    <meter className={bad ? 'meter bad' : 'meter'} min={0} max={100} value={value} aria-label={label}>
      {pct(value)}
    </meter>
  );
}

function HostColumn({ s }: { s: Snapshot }) {
  const h = s.host;
  if (!h)
    return (
      <EmptyState title="Host probes are off for this instance">
        They usually run on the root exporter only; see the other instance.
      </EmptyState>
    );
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

export function HostPane() {
  return (
    <div className="pane-body">
      <InstanceColumns pane="host">{(s) => <HostColumn s={s} />}</InstanceColumns>
    </div>
  );
}
