import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byUrgencyThenAge, type Priority, priorities } from '../../../src/features/needs/needs.ts';

describe('byUrgencyThenAge', () => {
  const need = (id: number, priority: Priority, createdAt: number) => ({ id, priority, createdAt });

  it('lists urgent needs first, then high, then normal, oldest first within each', () => {
    const needs = [
      need(1, 'normal', 100),
      need(2, 'high', 300),
      need(3, 'urgent', 500),
      need(4, 'high', 200),
      need(5, 'urgent', 400),
      need(6, 'normal', 50),
    ];
    expect([...needs].sort(byUrgencyThenAge).map((n) => n.id)).toEqual([5, 3, 4, 2, 6, 1]);
  });

  it('breaks a tie of priority and age by id', () => {
    expect([need(9, 'high', 1), need(2, 'high', 1)].sort(byUrgencyThenAge).map((n) => n.id)).toEqual([2, 9]);
  });

  it('orders any list consistently: by priority rank, then creation time, then id', () => {
    const needArb = fc.record({
      id: fc.integer({ min: 1, max: 1_000_000 }),
      priority: fc.constantFrom(...priorities),
      createdAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(needArb, { maxLength: 30 }), (needs) => {
        const sorted = [...needs].sort(byUrgencyThenAge);
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1]!;
          const b = sorted[i]!;
          const key = (n: typeof a) => [priorities.indexOf(n.priority), n.createdAt, n.id] as const;
          const [pa, ca, ia] = key(a);
          const [pb, cb, ib] = key(b);
          expect(pa < pb || (pa === pb && (ca < cb || (ca === cb && ia <= ib)))).toBe(true);
        }
        for (const n of needs) expect(byUrgencyThenAge(n, { ...n })).toBe(0);
      }),
    );
  });
});
