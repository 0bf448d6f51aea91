// Runs INSIDE the page (installed with page.addInitScript before the app loads), so the renderer needs no
// performance marks of its own. It timestamps, on the page's performance.now() timeline:
//   - each click (the event's own timeStamp: when the input reached the page),
//   - each history query the bridge sends and each history response as it arrives, before the app's
//     handler runs (our listener is added in the WebSocket constructor, ahead of the app's onmessage),
//   - state pushes (a count), so the bench knows the page has received a simulated poll,
// shifts the page's Date by the bench's simulated-clock offset (`setClockOffset`), so a simulated hour reads
// the same on both sides of the bridge, while timers and performance.now() stay real,
// holds the renderer's 15-second clock tick (store/ipc-sync.ts, the page's only setInterval) so that it
// never lands inside a timed interaction; the bench fires it itself with `tick()` and times it apart,
// and offers `chartsPainted()`: resolves once the Trends pane shows a NEW chart grid (not the one on screen
// when it was armed; or, armed with `newLines`, a grid — possibly the same element — drawing other lines
// than when armed) whose every chart is complete — a drawn SVG curve for each line that has points, or
// the "No data" note for an empty chart — and a frame has been painted with it still so.
// `recordPane()` / `paneLog()` count what the pane draws in between: every batch of DOM changes inside the
// pane (a React commit), every painted frame that showed changes, with what it showed (the skeleton or
// which lines), and which charts (figure.chart) any change touched. `recordPane(selector)` watches another
// pane (the Backups pane's freshness timelines) instead of the Trends pane. `armArrivals(n)` / `arrivalsPainted()` time the frame painted after the n-th history
// response from now (a quiet refresh that may redraw nothing).
/* global window, document, requestAnimationFrame, MutationObserver */

// Serialised by page.addInitScript: everything it uses must live inside the function.
export function installRendererProbe() {
  /** The renderer's clock tick (renderer/src/store/ipc-sync.ts CLOCK_TICK_MS). */
  const CLOCK_TICK_MS = 15_000;
  const bench = { clicks: [], sends: [], arrivals: [], states: 0, heldTicks: [] };
  window.__bench = bench;

  const NativeDate = Date;
  let offsetMs = 0;
  function ShiftedDate(...args) {
    if (!new.target) return NativeDate();
    return args.length === 0 ? new NativeDate(NativeDate.now() + offsetMs) : new NativeDate(...args);
  }
  ShiftedDate.prototype = NativeDate.prototype;
  ShiftedDate.now = () => NativeDate.now() + offsetMs;
  ShiftedDate.parse = NativeDate.parse;
  ShiftedDate.UTC = NativeDate.UTC;
  window.Date = ShiftedDate;
  bench.setClockOffset = (ms) => {
    offsetMs = ms;
  };

  const nativeSetInterval = window.setInterval.bind(window);
  window.setInterval = (fn, ms, ...args) => {
    if (ms !== CLOCK_TICK_MS || typeof fn !== 'function') return nativeSetInterval(fn, ms, ...args);
    bench.heldTicks.push(() => fn(...args));
    return -bench.heldTicks.length;
  };

  let arrivalWait = null;
  /** Called from the socket listener, ahead of the app's own handler: the frame requested here shows its work. */
  const arrivalArrived = (at) => {
    if (!arrivalWait || --arrivalWait.left > 0) return;
    const { resolve } = arrivalWait;
    arrivalWait = null;
    void afterNextPaint().then((paintedAt) => resolve({ arrivedAt: at, paintedAt }));
  };
  /** Arm before the interaction: `arrivalsPainted()` resolves at the frame after the n-th history response. */
  bench.armArrivals = (n) => {
    bench.arrivalsPending = new Promise((resolve) => {
      arrivalWait = { left: n, resolve };
    });
  };
  bench.arrivalsPainted = () => bench.arrivalsPending;

  // Set (for the page's next load) by the bench to measure a range's first visit: the app's background
  // fetch of the other ranges is swallowed here, so nothing but what the person opens is ever known.
  const dropBackground = window.sessionStorage.getItem('bench.dropBackground') === '1';
  bench.backgroundSends = [];
  bench.backgroundArrivals = [];
  /** A history query or answer for a range other than the pane's (the app stores it before asking). */
  const isBackground = (text) => {
    const range = /"range":"(\w+)"/.exec(text)?.[1];
    // The app writes the range it shows before it asks; until a range is picked it shows 24 h, unwritten.
    return range !== undefined && range !== (window.localStorage.getItem('hmc.trendRange') ?? '24h');
  };
  const NativeWebSocket = WebSocket;
  class ProbedWebSocket extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (ev) => {
        const at = performance.now();
        const text = ev.data;
        if (typeof text !== 'string') return;
        // Both checks hit within the first ~100 characters of a frame.
        if (text.startsWith('{"push":"push:state"')) bench.states++;
        else if (text.startsWith('{"id"') && text.indexOf('"series":{') !== -1) {
          // The Trends pane also fetches the other ranges in the background once drawn: an answer for a
          // range other than the one on screen is that, kept apart from the interaction's own answers.
          if (isBackground(text.slice(0, 300))) {
            bench.backgroundArrivals.push(at);
            return;
          }
          bench.arrivals.push(at);
          arrivalArrived(at);
        }
      });
    }
    send(data) {
      if (typeof data === 'string' && data.indexOf('"history:query"') !== -1) {
        if (isBackground(data)) {
          if (dropBackground) return undefined;
          bench.backgroundSends.push(performance.now());
        } else bench.sends.push(performance.now());
      }
      return super.send(data);
    }
  }
  window.WebSocket = ProbedWebSocket;

  document.addEventListener('click', (ev) => bench.clicks.push(ev.timeStamp), { capture: true });

  /** Every chart of this grid drawn: a curve per line with points, or the empty note. */
  const gridComplete = (grid) => {
    const figures = grid.querySelectorAll('figure.chart');
    if (figures.length === 0) return false;
    for (const fig of figures) {
      if (fig.getAttribute('data-points') === '0') {
        if (!fig.querySelector('.chart-empty')) return false;
        continue;
      }
      // The chart's accessible label lists "<line> <n> points" per line; the chart draws a series (a curve,
      // or dots for lone readings) per line with points.
      const label = fig.querySelector('.chart-box')?.getAttribute('aria-label') ?? '';
      const expected = [...label.matchAll(/ (\d+) points/g)].filter((m) => Number(m[1]) > 0).length;
      const drawn = [...fig.querySelectorAll('.chart-series')].filter(
        (g) =>
          g.querySelector('circle.chart-dot') ||
          (g.querySelector('path.chart-curve')?.getAttribute('d') ?? '').length > 0,
      ).length;
      if (expected === 0 || drawn < expected) return false;
    }
    return true;
  };

  const afterNextPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        // A task queued from a rAF callback runs after that frame's paint.
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(0);
      }),
    );

  /**
   * Fires the held clock tick(s) now; resolves with { ms: the time from the tick to the next painted frame,
   * commits: how many DOM commits it caused in the pane, charts: how many charts those commits touched }.
   * The pane is the Trends pane, or the element `pane` selects. With `atMs`, the tick reads that time (the
   * page's clock is moved there for it, then moved back with an untimed tick).
   */
  bench.tick = async ({ atMs, pane } = {}) => {
    const saved = offsetMs;
    if (atMs !== undefined) offsetMs = atMs - NativeDate.now();
    bench.recordPane(pane);
    const started = performance.now();
    for (const fire of bench.heldTicks) fire();
    const paintedAt = await afterNextPaint();
    const log = bench.paneLog();
    if (atMs !== undefined) {
      offsetMs = saved;
      for (const fire of bench.heldTicks) fire();
      await afterNextPaint();
    }
    return { ms: paintedAt - started, commits: log.commits.length, charts: log.charts };
  };

  const mainText = () => document.querySelector('main')?.textContent?.slice(0, 300) ?? '(no main)';
  /** The range and line names the grid draws, in order (each chart's legend), or null without a grid. */
  const linesOf = (grid) =>
    grid
      ? `${grid.getAttribute('data-range') ?? ''}:${[...grid.querySelectorAll('.legend li')].map((li) => li.textContent ?? '').join('|')}`
      : null;
  const seenGrids = new WeakSet();
  let pending = null;
  /**
   * Arm before the interaction; `chartsPainted()` then resolves with { completeAt, paintedAt }. By default
   * it waits for a new grid element (the pane showed a skeleton in between); `newLines` waits for a grid
   * drawing other lines than now, the same element or not.
   */
  bench.armChartsPainted = ({ timeoutMs = 20_000, newLines = false } = {}) => {
    const armedLines = linesOf(document.querySelector('.chart-grid'));
    for (const g of document.querySelectorAll('.chart-grid')) seenGrids.add(g);
    const ready = (grid) =>
      !!grid && (newLines ? linesOf(grid) !== armedLines : !seenGrids.has(grid)) && gridComplete(grid);
    pending = new Promise((resolve, reject) => {
      let completeAt = null;
      const check = () => {
        if (completeAt !== null || !ready(document.querySelector('.chart-grid'))) return;
        completeAt = performance.now();
        // The same task may still replace it (a skeleton after the first draw): count the frame only if
        // the grid is still there, complete, when the frame is produced.
        requestAnimationFrame(() => {
          const grid = document.querySelector('.chart-grid');
          if (!ready(grid)) {
            completeAt = null;
            return;
          }
          const at = completeAt;
          observer.disconnect();
          clearTimeout(timer);
          seenGrids.add(grid);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve({ completeAt: at, paintedAt: performance.now() });
          channel.port2.postMessage(0);
        });
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ['d', 'data-range'],
      });
      const timer = window.setTimeout(() => {
        observer.disconnect();
        reject(new Error(`charts not painted within ${timeoutMs} ms; the pane reads: ${mainText()}`));
      }, timeoutMs);
    });
    pending.catch(() => undefined);
  };
  bench.chartsPainted = () => pending;

  /** What the Trends pane shows: its skeleton, or the lines its charts draw. */
  const paneState = () => {
    if (document.querySelector('[role="status"][aria-label="Loading trends"]')) return 'skeleton';
    const lines = linesOf(document.querySelector('.chart-grid'));
    return lines === null ? 'other' : `lines:${lines}`;
  };
  let recording = null;
  /** Adds the charts (figure.chart) the mutations happened in to the log's set. */
  const noteCharts = (log, records) => {
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      const chart = node?.closest('figure.chart');
      if (chart) log.charts.add(chart);
    }
  };
  /** Starts counting the pane's DOM commits, the painted frames that showed them, and the charts touched. */
  bench.recordPane = (selector) => {
    const pane = selector
      ? document.querySelector(selector)
      : (document.querySelector('.chart-grid')?.parentElement ?? document.querySelector('main'));
    if (!pane) throw new Error(`recordPane: nothing matches ${selector}`);
    const log = { commits: [], frames: [], changedSinceFrame: 0, stopped: false, charts: new Set() };
    log.observer = new MutationObserver((records) => {
      noteCharts(log, records);
      log.commits.push({ at: performance.now(), state: paneState() });
      log.changedSinceFrame++;
    });
    log.observer.observe(pane, { childList: true, subtree: true, attributes: true, characterData: true });
    const frame = () => {
      if (log.stopped) return;
      // rAF callbacks run just before the frame is produced: what the pane holds now is what it shows.
      if (log.changedSinceFrame > 0) {
        log.frames.push({ at: performance.now(), state: paneState(), commits: log.changedSinceFrame });
        log.changedSinceFrame = 0;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    recording = log;
  };
  /** Stops recording; returns { commits: [{at, state}], frames: [{at, state, commits}], charts: count }. */
  bench.paneLog = () => {
    const log = recording;
    recording = null;
    log.stopped = true;
    const pending = log.observer.takeRecords();
    if (pending.length > 0) {
      noteCharts(log, pending);
      log.commits.push({ at: performance.now(), state: paneState() });
    }
    log.observer.disconnect();
    return { commits: log.commits, frames: log.frames, charts: log.charts.size };
  };

  /** What the charts on screen are fed: points per line (from each chart's accessible label). */
  bench.pointsPerLine = () =>
    [...document.querySelectorAll('figure.chart')].map((fig) => ({
      chart: fig.querySelector('.card-title')?.firstChild?.textContent?.trim() ?? '',
      points: [
        ...(fig.querySelector('.chart-box')?.getAttribute('aria-label') ?? '').matchAll(/ (\d+) points/g),
      ].map((m) => Number(m[1])),
    }));
}
