import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centsToDecimal,
  checkPayment,
  dueCents,
  maxAmountCents,
  parseAmount,
  settleAccount,
} from '../../../src/features/buys/buys.ts';
import { usageError } from '../usage-error.ts';

describe('parseAmount', () => {
  it.each<[string, number]>([
    ['0.1', 10],
    ['0.2', 20],
    ['25', 2500],
    ['25.5', 2550],
    ['¥25.50', 2550],
    ['￥ 25.50', 2550],
    ['25元', 2500],
    ['0', 0],
    ['9999999999.99', maxAmountCents],
  ])('reads %j as %i cents, exactly', (text, cents) => {
    expect(parseAmount(text)).toBe(cents);
  });

  it('reads a sign only where a correction is allowed', () => {
    expect(parseAmount('-0.1', { signed: true })).toBe(-10);
    expect(parseAmount('+5', { signed: true })).toBe(500);
    expect(usageError(() => parseAmount('-0.1'))?.key).toBe('buy-amount-invalid');
  });

  it.each(['', 'abc', '1.234', '1e3', '0x10', '12345678901', '--1', '1,5', 'NaN', 'Infinity'])(
    'refuses %j, naming it',
    (text) => {
      const error = usageError(() => parseAmount(text, { signed: true }));
      expect(error?.key).toBe('buy-amount-invalid');
      expect(error?.args).toEqual({ amount: text.trim() });
    },
  );

  it('gives back exactly the cents it reads, for any amount written with two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: maxAmountCents }), (cents) => {
        expect(parseAmount(centsToDecimal(cents))).toBe(cents);
      }),
    );
  });
});

describe('dueCents', () => {
  it('adds 0.1 and 0.2 to exactly 0.30, where floating point would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(dueCents([1, 1], [10, 20])).toBe(30);
    expect(centsToDecimal(dueCents([1, 1], [10, 20]))).toBe('0.30');
    expect(dueCents([3, 7], [10, 20])).toBe(170);
  });

  it('is the sum of quantity times price, an integer for any order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 100_000_000 })), {
          maxLength: 20,
        }),
        (lines) => {
          const due = dueCents(
            lines.map(([q]) => q),
            lines.map(([, p]) => p),
          );
          expect(Number.isSafeInteger(due)).toBe(true);
          expect(BigInt(due)).toBe(lines.reduce((sum, [q, p]) => sum + BigInt(q) * BigInt(p), 0n));
        },
      ),
    );
  });
});

describe('checkPayment', () => {
  it('allows payments and corrections down to nothing paid, not below', () => {
    expect(usageError(() => checkPayment(30, 10))).toBeUndefined();
    expect(usageError(() => checkPayment(30, -30))).toBeUndefined();
    const error = usageError(() => checkPayment(30, -31));
    expect(error?.key).toBe('paid-below-zero');
    expect(error?.args).toEqual({ paid: '0.30' });
  });
});

describe('settleAccount', () => {
  const line = (unit: string, dueCents: number, paidCents: number) => ({ unit, dueCents, paidCents });

  it('shares the cost by what each owed, the odd cents to the earlier lines, and refunds the rest', () => {
    const account = settleAccount([line('301', 30, 30), line('902', 30, 30), line('1001', 30, 0)], 50);
    expect(account).toMatchObject({ collectedCents: 60, dueCents: 90, costCents: 50, differenceCents: 10 });
    expect(account.lines.map((l) => [l.unit, l.shareCents, l.balanceCents])).toEqual([
      ['301', 17, 13],
      ['902', 17, 13],
      ['1001', 16, -16],
    ]);
  });

  it('gives the largest remainders the odd cents, whatever their place', () => {
    // 100 shared 1 : 2 : 4 is 14.28…, 28.57…, 57.14…: the 0.57 takes the odd cent
    const account = settleAccount([line('a', 100, 0), line('b', 200, 0), line('c', 400, 0)], 100);
    expect(account.lines.map((l) => l.shareCents)).toEqual([14, 29, 57]);
  });

  it('refunds what each paid when nothing was bought (a cancelled buy)', () => {
    const account = settleAccount([line('301', 0, 500), line('902', 0, 250)], 0);
    expect(account.lines.map((l) => l.balanceCents)).toEqual([500, 250]);
    expect(account.differenceCents).toBe(750);
  });

  it('shows a shortfall when the supplier cost more than was collected', () => {
    const account = settleAccount([line('301', 1000, 1000)], 1200);
    expect(account.differenceCents).toBe(-200);
    expect(account.lines[0]).toMatchObject({ shareCents: 1200, balanceCents: -200 });
  });

  const accounts = fc.array(
    fc.record({
      unit: fc.string({ maxLength: 4 }),
      dueCents: fc.integer({ min: 0, max: 10_000_000_000 }),
      paidCents: fc.integer({ min: 0, max: 10_000_000_000 }),
    }),
    { minLength: 1, maxLength: 30 },
  );

  it('shares the whole cost to the cent, each share within a cent of its exact proportion, and balances to the difference', () => {
    fc.assert(
      fc.property(accounts, fc.integer({ min: 0, max: 1_000_000_000_000 }), (lines, cost) => {
        const account = settleAccount(lines, cost);
        const weights = lines.some((l) => l.dueCents > 0)
          ? lines.map((l) => BigInt(l.dueCents))
          : lines.map((l) => BigInt(l.paidCents));
        const total = weights.reduce((s, w) => s + w, 0n);
        for (const [i, l] of account.lines.entries()) {
          expect(Number.isSafeInteger(l.shareCents)).toBe(true);
          expect(l.balanceCents).toBe(l.paidCents - l.shareCents);
          if (total === 0n) continue;
          // |share × total − cost × weight| < total: within one cent of exact
          const gap = BigInt(l.shareCents) * total - BigInt(cost) * weights[i]!;
          expect(gap < total && gap > -total).toBe(true);
        }
        if (total > 0n) {
          expect(account.lines.reduce((s, l) => s + l.shareCents, 0)).toBe(cost);
          expect(account.lines.reduce((s, l) => s + l.balanceCents, 0)).toBe(account.differenceCents);
        }
      }),
    );
  });
});
