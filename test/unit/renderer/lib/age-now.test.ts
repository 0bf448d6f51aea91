import { describe, expect, it } from 'vitest';
import { ageNow } from '../../../../renderer/src/lib/age-now.js';

const NOW = Date.parse('2026-05-14T14:08:00Z');
const instance = (generatedAt: string) => ({ generatedAt, fetchedAt: generatedAt, clockSkewSeconds: 0 });

describe('an age from the snapshot, as it is now', () => {
  it('keeps counting from the snapshot: 12 s at a snapshot 5 min old is 5 min 12 s', () => {
    expect(ageNow(12, instance('2026-05-14T14:03:00Z'), NOW)).toBe(312);
    expect(ageNow(12, instance('2026-05-14T14:08:00Z'), NOW)).toBe(12);
  });

  it('stays unknown when the snapshot did not know it', () => {
    expect(ageNow(null, instance('2026-05-14T14:03:00Z'), NOW)).toBeNull();
  });
});
