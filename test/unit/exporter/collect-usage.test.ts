import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usageSchema, type UsageInfo } from '../../../common/contract/snapshot-usage.js';
import { collectHermes, type HermesCollection } from '../../../exporter/src/collect/hermes.js';
import {
  buildHermesHome,
  createRecordingExec,
  fixtureCollectContext,
  type HermesHomeFixture,
  type RecordingExec,
} from '../../fixtures/hermes-home/index.js';
import {
  SPEND_EXPECTED,
  UNPRICED_MODEL,
  writeSpendStateDb,
} from '../../fixtures/hermes-home/spend-state-db.js';

/**
 * Hermes's own daily query, taken from its source (`hermes_cli/web_server.py` `_get_usage_analytics`) and
 * run by python3's sqlite3 on the same file. HERMES_AGENT_SOURCE = a hermes-agent checkout or git dir.
 */
function hermesSource(): string | null {
  const root = process.env.HERMES_AGENT_SOURCE;
  if (!root || !existsSync(root)) return null;
  const file = join(root, 'hermes_cli', 'web_server.py');
  if (existsSync(file)) return execFileSync('cat', [file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (statSync(root).isDirectory() && existsSync(join(root, 'HEAD')))
    return execFileSync('git', ['--git-dir', root, 'show', 'HEAD:hermes_cli/web_server.py'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  return null;
}

const RUN_HERMES_DAILY_PY = String.raw`
import ast, json, sqlite3, sys
src, db, cutoff = sys.stdin.read(), sys.argv[1], float(sys.argv[2])
fn = next(n for n in ast.walk(ast.parse(src)) if isinstance(n, ast.FunctionDef) and n.name == '_get_usage_analytics')
sqls = [c.value for c in ast.walk(fn) if isinstance(c, ast.Constant) and isinstance(c.value, str) and 'GROUP BY day' in c.value]
con = sqlite3.connect('file:%s?mode=ro' % db, uri=True)
con.row_factory = sqlite3.Row
print(json.dumps([dict(r) for r in con.execute(sqls[0], (cutoff,)).fetchall()]))
`;

describe('spend from state.db, the way Hermes’s dashboard computes it', () => {
  let dir: string;
  let fx: HermesHomeFixture;
  let exec: RecordingExec;
  let result: HermesCollection;
  let usage: UsageInfo;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hmc-usage-'));
    fx = await buildHermesHome(dir, { gateway: 'absent', install: 'none' });
    await writeSpendStateDb(join(fx.hermesHome, 'state.db'), fx.now);
    exec = createRecordingExec();
    result = await collectHermes(fixtureCollectContext(fx, { exec }), { nodeSqlite: null });
    usage = result.usage!;
  });
  afterAll(async () => {
    await fx?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports today and the 7 UTC days before it, oldest first, with a passing usage probe', () => {
    expect(usageSchema.parse(usage)).toEqual(usage);
    expect(usage.dayBoundary).toBe('UTC');
    expect(usage.today).toBe('2026-07-18');
    expect(usage.days.map((d) => d.date)).toEqual([
      '2026-07-11',
      '2026-07-12',
      '2026-07-13',
      '2026-07-14',
      '2026-07-15',
      '2026-07-16',
      '2026-07-17',
      '2026-07-18',
    ]);
    expect(result.probes.find((p) => p.name === 'usage')).toMatchObject({ ok: true, error: null });
    expect(result.probes.find((p) => p.name === 'sessions')).toMatchObject({ ok: true });
  });

  it("gives today's dashboard row: tokens, cost, sessions (archived too) and API calls", () => {
    const today = usage.days.at(-1)!;
    expect(today.total).toMatchObject(SPEND_EXPECTED.today);
    expect(today.aux).toMatchObject(SPEND_EXPECTED.todayAux);
  });

  it('puts a session started at 23:59:59 UTC on that day and one at 00:00:00 on the next', () => {
    expect(usage.days.map((d) => d.total.costUsd).slice(0, 7)).toEqual(SPEND_EXPECTED.previousDaysCost);
    expect(usage.days[6]!.total.sessions).toBe(1);
    expect(usage.days.at(-1)!.bySource.other.costUsd).toBe(0.05);
  });

  it('splits by source: cron (with its subagent), interactive (with aux), other', () => {
    const today = usage.days.at(-1)!;
    expect(today.bySource.cron.costUsd).toBe(SPEND_EXPECTED.todayBySource.cron);
    expect(today.bySource.cron.sessions).toBe(SPEND_EXPECTED.todayCronSessions);
    expect(today.bySource.interactive.costUsd).toBe(SPEND_EXPECTED.todayBySource.interactive);
    expect(today.bySource.other.costUsd).toBe(SPEND_EXPECTED.todayBySource.other);
    const bySourceSum =
      today.bySource.cron.costUsd + today.bySource.interactive.costUsd + today.bySource.other.costUsd;
    expect(bySourceSum).toBeCloseTo(today.total.costUsd + today.aux!.costUsd, 6);
  });

  it('splits by model, aux usage apart with its task, biggest first', () => {
    const today = usage.days.at(-1)!;
    expect(today.byModel.map((m) => [m.model, m.task])).toEqual([
      ['openai/gpt-5', null],
      [UNPRICED_MODEL, null],
      ['google/gemini-2.5-flash', 'compression'],
      ['anthropic/claude-sonnet-4', null],
    ]);
    expect(today.byModel[0]!.costUsd).toBe(4.2);
  });

  it('counts unpriced usage (tokens, no price) instead of calling it $0, and names the model', () => {
    const today = usage.days.at(-1)!;
    const unpriced = today.byModel.find((m) => m.model === UNPRICED_MODEL)!;
    expect(unpriced).toMatchObject({ unpricedSessions: 1, unpricedTokens: 3700, costUsd: 0 });
    expect(usage.unpricedModels).toEqual(SPEND_EXPECTED.unpricedModels);
    // A session that has not spent anything yet (no tokens, status unknown) is not "unpriced".
    expect(today.total.unpricedSessions).toBe(1);
  });

  it('keeps the provider-reported actual cost beside the estimate', () => {
    expect(usage.days[5]!.total.actualCostUsd).toBe(SPEND_EXPECTED.actualTwoDaysAgo);
    expect(usage.days[5]!.total.costUsd).toBe(0.5);
  });

  it('reports the last hour per source (an overnight cron burn shows there first)', () => {
    expect(usage.lastHour.cron).toMatchObject(SPEND_EXPECTED.lastHourCron);
    expect(usage.lastHour.other.costUsd).toBe(0);
  });

  it('spends no extra subprocess: the spend queries ride on the one state.db read', () => {
    expect(exec.calls).toHaveLength(1);
  });

  it('never lets message text, titles or chat ids into the output', () => {
    const json = JSON.stringify(result);
    expect(json).not.toContain('FIXTURE');
    expect(json).not.toContain('1001');
    expect(JSON.stringify(usage)).not.toMatch(/tg_unpriced|cron_burn|base_\d/);
  });

  const source = hermesSource();
  it.skipIf(source === null)(
    source === null
      ? "equals Hermes's own daily query run on the same file (skipped: no Hermes source; set HERMES_AGENT_SOURCE)"
      : "equals Hermes's own daily query run on the same file (HERMES_AGENT_SOURCE)",
    () => {
      const firstDay = Date.parse(`${usage.days[0]!.date}T00:00:00Z`) / 1000;
      const out = execFileSync(
        'python3',
        ['-c', RUN_HERMES_DAILY_PY, join(fx.hermesHome, 'state.db'), String(firstDay - 1e-6)],
        { input: source!, encoding: 'utf8' },
      );
      const hermes = JSON.parse(out) as Record<string, number | string>[];
      const ours = usage.days.filter((d) => d.total.sessions > 0);
      expect(hermes.map((r) => r.day)).toEqual(ours.map((d) => d.date));
      for (const [i, row] of hermes.entries()) {
        const d = ours[i]!.total;
        expect({
          input: row.input_tokens,
          output: row.output_tokens,
          cacheRead: row.cache_read_tokens,
          reasoning: row.reasoning_tokens,
          sessions: row.sessions,
          apiCalls: row.api_calls,
        }).toEqual({
          input: d.input,
          output: d.output,
          cacheRead: d.cacheRead,
          reasoning: d.reasoning,
          sessions: d.sessions,
          apiCalls: d.apiCalls,
        });
        expect(d.costUsd).toBeCloseTo(Number(row.estimated_cost), 6);
        expect(d.actualCostUsd).toBeCloseTo(Number(row.actual_cost), 6);
      }
    },
  );
});

describe('spend on older or partial state.db files', () => {
  it('still reports spend on an older, partial state.db (no messages table, no actual_cost_usd column)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hmc-usage-old-'));
    const fx = await buildHermesHome(dir, { gateway: 'absent', install: 'none', schema: 'missing-table' });
    try {
      const r = await collectHermes(fixtureCollectContext(fx), { nodeSqlite: null });
      expect(r.usage).not.toBeNull();
      expect(r.usage!.days).toHaveLength(8);
      // The default fixture's cli session (2 h before now): $0.01, no actual cost column to read.
      expect(r.usage!.days.at(-1)!.total).toMatchObject({ input: 1200 + 800 + 500 + 400, actualCostUsd: 0 });
      expect(r.probes.find((p) => p.name === 'usage')!.ok).toBe(true);
    } finally {
      await fx.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
