import { describe, expect, it } from 'vitest';
import { humanizeTimes } from '../../../common/text/human-time.js';

// Wednesday 2 Dec 2026, 14:30 UTC.
const NOW = Date.parse('2026-12-02T14:30:00.000Z');

describe('humanizeTimes', () => {
  it('turns every ISO time in a sentence into the one wording, at display time', () => {
    expect(humanizeTimes('Last fired: 2026-11-29T11:51:58.800Z', NOW, 'UTC')).toBe(
      'Last fired: 3 d ago (Sun 11:51)',
    );
    expect(humanizeTimes('Was due: 2026-12-02T14:34:00Z, next 2026-12-02T14:26:00+00:00', NOW, 'UTC')).toBe(
      'Was due: in 4 min (14:34), next 4 min ago (14:26)',
    );
  });

  it('leaves text without a valid zoned time as written', () => {
    expect(humanizeTimes('Scanned HEAD abc123 at unknown', NOW, 'UTC')).toBe(
      'Scanned HEAD abc123 at unknown',
    );
    expect(humanizeTimes('local 2026-12-02T14:26:00 (no zone)', NOW, 'UTC')).toBe(
      'local 2026-12-02T14:26:00 (no zone)',
    );
    expect(humanizeTimes('bad 2026-13-45T99:99:00Z', NOW, 'UTC')).toBe('bad 2026-13-45T99:99:00Z');
  });
});
