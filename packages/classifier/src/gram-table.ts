/**
 * An open-addressing hash table from character n-gram (hi, lo) pairs to feature indices, on one typed array:
 * lookups do integer arithmetic only (a Map keyed by 45-bit numbers would box doubles and hash them), and a slot's
 * key and value sit side by side ([hi, lo, index] per slot), so a probe touches one cache line, not three.
 */
export class GramTable {
  private readonly mask: number;
  /** Slot s is entries[3s] = hi (−1 when empty), entries[3s + 1] = lo, entries[3s + 2] = index. */
  private readonly entries: Int32Array;
  /**
   * A Bloom filter of the pairs (two bits each, 4 bits per slot: 128 KiB for the committed model's 110,606 n-grams,
   * against 3 MiB of table). About a third of a message's n-grams are not in the vocabulary; the filter answers
   * nearly all of those from memory that stays in the CPU cache, where probing the table would miss it.
   */
  private readonly filter: Int32Array;
  private readonly filterMask: number;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.mask = slots - 1;
    this.entries = new Int32Array(slots * 3);
    for (let s = 0; s < slots; s++) this.entries[s * 3] = -1;
    const filterBits = slots * 4;
    this.filter = new Int32Array(filterBits >>> 5);
    this.filterMask = filterBits - 1;
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

  /** The filter's second bit comes from the slot hash remixed; set and get must agree on it. */
  private static secondFilterHash(hash: number): number {
    return Math.imul(hash, 0x7feb352d) >>> 7;
  }

  /** Adds a pair (hi ≥ 0); adding a pair twice keeps the first index. */
  set(hi: number, lo: number, index: number): void {
    const entries = this.entries;
    const hash = GramTable.slot(hi, lo);
    const a = hash & this.filterMask;
    const b = GramTable.secondFilterHash(hash) & this.filterMask;
    this.filter[a >>> 5] = (this.filter[a >>> 5] as number) | (1 << (a & 31));
    this.filter[b >>> 5] = (this.filter[b >>> 5] as number) | (1 << (b & 31));
    let s = hash & this.mask;
    for (;;) {
      const at = s * 3;
      const h = entries[at] as number;
      if (h === -1) {
        entries[at] = hi;
        entries[at + 1] = lo;
        entries[at + 2] = index;
        this.count++;
        if (this.count * 2 > this.mask + 1) throw new Error('GramTable over capacity');
        return;
      }
      if (h === hi && entries[at + 1] === lo) return;
      s = (s + 1) & this.mask;
    }
  }

  /** The index of a pair, or −1. */
  get(hi: number, lo: number): number {
    const hash = GramTable.slot(hi, lo);
    const a = hash & this.filterMask;
    if (((this.filter[a >>> 5] as number) & (1 << (a & 31))) === 0) return -1;
    const b = GramTable.secondFilterHash(hash) & this.filterMask;
    if (((this.filter[b >>> 5] as number) & (1 << (b & 31))) === 0) return -1;
    const entries = this.entries;
    let s = hash & this.mask;
    for (;;) {
      const at = s * 3;
      const h = entries[at] as number;
      if (h === -1) return -1;
      if (h === hi && entries[at + 1] === lo) return entries[at + 2] as number;
      s = (s + 1) & this.mask;
    }
  }
}
