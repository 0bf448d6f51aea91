import { describe, expect, it } from 'vitest';
import { createSpendCommand } from '../../../main/cli/commands/spend.js';
import type { LoadFleet } from '../../../main/cli/commands/warnings.js';
import { EXIT } from '../../../main/cli/exit-codes.js';
import type { Snapshot } from '../../../common/contract/snapshot.js';
import { thresholdsSchema, type Thresholds } from '../../../common/model/rule-settings.js';
import { FIXED_NOW, makeSnapshot, makeStatus, VM_HOST } from '../../fixtures/snapshot-factory.js';
import { makeUsage, type DaySpec } from '../../fixtures/usage-factory.js';
import { memoryCliIo } from '../../helpers/memory-cli-io.js';

const quietWeek = Array<DaySpec>(7).fill({ interactive: 0.5 });
const burning = makeUsage([
  ...quietWeek,
  { cron: 4.2, interactive: 0.11, other: 0.05, unpricedTokens: 3700 },
]);
const calm = makeUsage([...quietWeek, { interactive: 0.4 }]);

function fleet(snapshots: Snapshot[], extra: Partial<Thresholds> = {}): LoadFleet {
  const thresholds = thresholdsSchema.parse({
    spendOvernight: { enabled: false, start: '22:00', end: '07:00' },
    spendDailyCapUsd: { vijay: 5 },
    ...extra,
  });
  return async () => ({
    ok: true,
    fleet: { instances: snapshots.map((s) => makeStatus(s)), thresholds, hosts: [VM_HOST] },
  });
}

async function run(snapshots: Snapshot[], args: string[] = [], columns = 120) {
  const t = memoryCliIo({ columns, isTTY: false });
  const code = await createSpendCommand({ loadFleet: fleet(snapshots), now: () => FIXED_NOW }).run(
    args,
    t.io,
  );
  return { code, out: t.stdout(), err: t.stderr() };
}

const vijay = (usage: Snapshot['usage']) => ({ ...makeSnapshot('vijay'), usage });
const bheem = (usage: Snapshot['usage']) => ({ ...makeSnapshot('bheem'), usage });

describe('hermes-mc spend', () => {
  it("prints today's spend as a lower bound against its average and cap, the days by source, and today's models", async () => {
    const { code, out } = await run([vijay(burning), bheem(calm)]);
    expect(code).toBe(EXIT.attention);
    expect(out).toContain('Today 2026-07-18: ≥ $4.36 · 7-day average $0.50 a day (8.7×) · cap $5.00 (87 %)');
    expect(out).toMatch(/DAY \(UTC\)\s+COST\s+CRON\s+INTERACTIVE\s+OTHER\s+TOKENS\s+UNPRICED TOKENS/);
    expect(out).toMatch(/2026-07-18\s+≥ \$4\.36\s+\$4\.20\s+≥ \$0\.11\s+\$0\.05\s+47k\s+3\.7k/);
    expect(out).toMatch(/2026-07-11\s+\$0\.50\s+\$0\.00\s+\$0\.50/);
    expect(out).toMatch(/local\/unpriced\s+unpriced\s+3\.7k/);
    expect(out).toContain('No price in Hermes for: local/unpriced — amounts marked ≥ are lower bounds');
    expect(out).toMatch(/WARNING {2}Spend today ≥ \$4\.36 is 8\.7× the 7-day average/);
    expect(out).toMatch(/WARNING {2}Spend today ≥ \$4\.36 is 87 % of the \$5\.00 daily cap/);
    // Bheem: calm, no cap.
    expect(out).toContain('Today 2026-07-18: $0.40 · 7-day average $0.50 a day (0.8×) · no daily cap');
  });

  it('says why spend is unknown instead of printing zeros', async () => {
    const older = makeSnapshot('bheem');
    delete (older as { usage?: unknown }).usage;
    const { code, out } = await run([vijay(null), older]);
    expect(out).toMatch(/Spend unknown: the exporter could not read it/);
    expect(out).toContain('Spend unknown: this exporter does not report spend yet (update it)');
    expect(out).not.toContain('$0.00');
    expect(code).toBe(EXIT.ok);
  });

  it('--json gives the usage as the snapshot has it plus the guard reading, lower bound flagged', async () => {
    const { code, out } = await run([vijay(burning)], ['--json']);
    expect(code).toBe(EXIT.attention);
    const doc = JSON.parse(out) as {
      instances: {
        id: string;
        guard: Record<string, unknown>;
        usage: unknown;
        warnings: { check: string }[];
      }[];
    };
    const v = doc.instances[0]!;
    expect(v.guard).toEqual({
      todayUsd: 4.36,
      todayIsLowerBound: true,
      todayUnpricedTokens: 3700,
      baselineUsd: 0.5,
      ratio: 8.72,
      capUsd: 5,
      capPct: 87.2,
      capStep: 75,
    });
    expect(v.usage).toEqual(burning);
    expect(v.warnings.map((w) => w.check).sort()).toEqual(['spend.baseline', 'spend.cap.50', 'spend.cap.75']);
  });

  it('shows a hostile model name inert (no escape reaches the terminal)', async () => {
    const hostile = makeUsage([...quietWeek, { cron: 1 }]);
    hostile.days.at(-1)!.byModel[0]!.model = 'evil\u001b]52;c;ZWNobyBoaQ==\u0007\u202emodel';
    const { out } = await run([vijay(hostile)]);
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u202e');
    expect(out).toContain('evil');
  });
});
