/**
 * An open-addressing hash table from character n-gram (hi, lo) pairs to feature indices, on typed arrays: lookups
 * do integer arithmetic only (a Map keyed by 45-bit numbers would box doubles and hash them).
 */
export class GramTable {
  private readonly mask: number;
  private readonly his: Int32Array;
  private readonly los: Int32Array;
  private readonly indices: Int32Array;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.mask = slots - 1;
    this.his = new Int32Array(slots).fill(-1);
    this.los = new Int32Array(slots);
    this.indices = new Int32Array(slots);
  }

  private count = 0;

  get size(): number {
    return this.count;
  }

  private static slot(hi: number, lo: number): number {
    let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return h ^ (h >>> 13);
  }

  /** Adds a pair (hi ≥ 0); adding a pair twice keeps the first index. */
  set(hi: number, lo: number, index: number): void {
    let s = GramTable.slot(hi, lo) & this.mask;
    for (;;) {
      const h = this.his[s] as number;
      if (h === -1) {
        this.his[s] = hi;
        this.los[s] = lo;
        this.indices[s] = index;
        this.count++;
        if (this.count * 2 > this.mask + 1) throw new Error('GramTable over capacity');
        return;
      }
      if (h === hi && this.los[s] === lo) return;
      s = (s + 1) & this.mask;
    }
  }

  /** The index of a pair, or −1. */
  get(hi: number, lo: number): number {
    let s = GramTable.slot(hi, lo) & this.mask;
    for (;;) {
      const h = this.his[s] as number;
      if (h === -1) return -1;
      if (h === hi && this.los[s] === lo) return this.indices[s] as number;
      s = (s + 1) & this.mask;
    }
  }
}
