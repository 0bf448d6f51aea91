import { InstanceColumns } from '../../components/instance-columns.js';
import { InstanceSummary } from './instance-summary.js';
import { ParitySummary } from './parity-summary.js';
import { WarningsFeed } from './warnings-feed.js';

/** Both instances side by side, their differences, and one warnings feed. */
export function OverviewPane() {
  return (
    <div className="pane-body">
      <InstanceColumns pane="overview">
        {(snap, inst) => <InstanceSummary snapshot={snap} instance={inst} />}
      </InstanceColumns>
      <ParitySummary />
      <WarningsFeed />
    </div>
  );
}
