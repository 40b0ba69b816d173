import { describe, expect, it } from 'vitest';
import { GramTable } from '../src/gram-table.ts';

describe('GramTable', () => {
  it('finds every pair it holds and no pair it does not, its filter notwithstanding', () => {
    // Pairs shaped like n-gram keys (hi: a 15-bit code or 0; lo: two codes), from a fixed sequence.
    const pairs = new Map<string, number>();
    let seed = 12345;
    const next = (bits: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> (32 - bits);
    };
    const table = new GramTable(20_000);
    while (pairs.size < 20_000) {
      const hi = next(2) === 0 ? 0 : next(15);
      const lo = next(30);
      const key = `${hi}/${lo}`;
      if (pairs.has(key)) continue;
      pairs.set(key, pairs.size);
      table.set(hi, lo, pairs.get(key) as number);
    }
    expect(table.size).toBe(20_000);
    for (const [key, index] of pairs) {
      const [hi, lo] = key.split('/').map(Number) as [number, number];
      expect(table.get(hi, lo)).toBe(index);
    }
    let absent = 0;
    for (let i = 0; i < 50_000; i++) {
      const hi = next(15);
      const lo = next(30);
      if (pairs.has(`${hi}/${lo}`)) continue;
      absent++;
      expect(table.get(hi, lo)).toBe(-1);
    }
    expect(absent).toBeGreaterThan(49_000);
  });

  it('keeps the first index of a pair added twice', () => {
    const table = new GramTable(4);
    table.set(0, 7, 1);
    table.set(0, 7, 2);
    expect(table.get(0, 7)).toBe(1);
    expect(table.size).toBe(1);
  });
});
