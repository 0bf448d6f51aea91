/** The output chokepoint's rendering: VM text inert and bounded, colour only from our own channel. */
import { describe, expect, it } from 'vitest';
import { fitTable } from '../../../main/cli/format/table.js';
import { renderLines, span } from '../../../main/cli/format/term-doc.js';
import { HOSTILE, unsafeCharactersIn } from '../../fixtures/hostile-snapshot.js';

describe('renderLines', () => {
  it('shows every hostile character escaped, and colours only what our code asked for', () => {
    const out = renderLines(
      [[span('Job '), span(HOSTILE.cronJobName, 'critical')], [span(HOSTILE.unitName)]],
      true,
    );
    expect(unsafeCharactersIn(out, { allowOwnColour: true })).toEqual([]);
    expect(out).toBe(
      'Job \u001b[1;31mx\\x1B[2J\\x1B]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07\\x1B]0;pwned\\x07\u001b[22;39m\n' +
        'hermes-gateway.service\\x0Arm -rf /\n',
    );
  });

  it('bounds a 100,000-character value and says where the rest is', () => {
    const out = renderLines([[span(HOSTILE.longName)]], false);
    expect(out.length).toBeLessThan(1400);
    expect(out).toMatch(/ … \[98,800 more characters; full text in --json\]\n$/);
  });
});

describe('fitTable', () => {
  const columns = [
    { key: 'a', header: 'NAME', priority: 0, flex: true, minWidth: 6 },
    { key: 'b', header: 'STATE', priority: 0 },
    { key: 'c', header: 'DETAIL', priority: 2 },
    { key: 'd', header: 'EXTRA', priority: 1 },
  ];
  const rows = [
    [
      { text: 'vijay' },
      { text: 'Needs attention', short: 'Attention' },
      { text: 'x'.repeat(20) },
      { text: 'y' },
    ],
  ];

  it('shortens, then hides the least important columns, then clips the flexible one', () => {
    const full = fitTable(columns, rows, 200);
    expect(full.hidden).toEqual([]);
    const narrow = fitTable(columns, rows, 30);
    expect(narrow.hidden).toEqual(['DETAIL']);
    const text = renderLines(narrow.lines, false);
    expect(text).toBe('NAME   STATE      EXTRA\nvijay  Attention  y\n');
  });

  it('measures and clips hostile cells as they are shown (escaped), so columns stay aligned', () => {
    const t = fitTable(columns.slice(0, 2), [[{ text: `a${HOSTILE.rloName}` }, { text: 'OK' }]], 20);
    const [header, row] = renderLines(t.lines, false).split('\n');
    expect(row).toBe('a\\u202Eexe.t…  OK');
    expect([...row!].length).toBeLessThanOrEqual(20);
    expect(header!.indexOf('STATE')).toBe(row!.indexOf('OK'));
  });
});
