// The renderer's history cache as the Trends pane sees it: which queries show a loading state, and which
// answers replace what is drawn. The answers come from the e2e fixture service (the demo fleet's history).
import { describe, expect, it } from 'vitest';
import type { HistoryQueryResult, IpcResult, WindowApi } from '../../../../preload/ipc-contract.js';
import { createActions } from '../../../../renderer/src/store/actions.js';
import { createAppStore } from '../../../../renderer/src/store/store.js';
import { createFixtureService } from '../../../e2e/fixtures/fixture-service.js';

/** A store and actions over a bridge whose history answers are released by the test, one by one. */
function setup() {
  const store = createAppStore({ getItem: () => null, setItem: () => undefined });
  const fx = createFixtureService();
  const waiting: {
    instanceId: string;
    answer: (alter?: (r: HistoryQueryResult) => HistoryQueryResult) => Promise<void>;
  }[] = [];
  const api = {
    queryHistory: (req: Parameters<WindowApi['queryHistory']>[0]) =>
      new Promise<IpcResult<HistoryQueryResult>>((resolve) => {
        waiting.push({
          instanceId: req.instanceId,
          answer: async (alter = (r) => r) => {
            resolve({ ok: true, value: alter(await fx.service['history:query'](req as never)) });
            await new Promise((r) => setTimeout(r, 0));
          },
        });
      }),
  } as unknown as WindowApi;
  const actions = createActions(
    { kind: 'web', api, status: () => 'open', onStatus: () => () => undefined },
    store,
  );
  const answerAll = async (alter?: (r: HistoryQueryResult) => HistoryQueryResult) => {
    for (const w of waiting.splice(0)) await w.answer(alter);
  };
  return { store, actions, waiting, answerAll };
}

describe('history cache behind the Trends pane', () => {
  it('keeps an instance drawn from what All loaded while its own refresh is in flight, and keeps it when the answer is the same', async () => {
    const { store, actions, waiting, answerAll } = setup();
    const all = actions.loadHistory(['vijay', 'bheem'], '90d');
    expect(store.getState().history.vijay?.data.status).toBe('loading');
    await answerAll();
    await all;
    const loaded = store.getState().history.vijay;
    expect(loaded?.data.status).toBe('ready');

    // The Vijay tab: a refresh goes out, and what All loaded stays on screen meanwhile.
    const vijay = actions.loadHistory(['vijay'], '90d');
    expect(waiting.map((w) => w.instanceId)).toEqual(['vijay']);
    expect(store.getState().history.vijay).toBe(loaded);
    await answerAll();
    await vijay;
    // Same points back: the very same entry, so nothing that draws it re-renders.
    expect(store.getState().history.vijay).toBe(loaded);

    // Newer points replace it.
    const again = actions.loadHistory(['vijay'], '90d');
    await answerAll((r) => ({ ...r, series: { ...r.series, diskUsedPct: r.series.diskUsedPct!.slice(1) } }));
    await again;
    const refreshed = store.getState().history.vijay;
    expect(refreshed).not.toBe(loaded);
    expect(refreshed?.data.status === 'ready' && refreshed.data.value.series.diskUsedPct!.length).toBe(
      loaded?.data.status === 'ready' && loaded.data.value.series.diskUsedPct!.length - 1,
    );
  });

  it('shows the loading state for a range nothing has been loaded for yet', async () => {
    const { store, actions, answerAll } = setup();
    const first = actions.loadHistory(['vijay'], '24h');
    await answerAll();
    await first;
    const next = actions.loadHistory(['vijay'], '7d');
    expect(store.getState().history.vijay?.data.status).toBe('loading');
    await answerAll();
    await next;
    expect(store.getState().history.vijay).toMatchObject({ range: '7d', data: { status: 'ready' } });
  });
});
