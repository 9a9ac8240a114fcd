/**
 * A compact set of string keys with the row that first had each: 64-bit hashes in one typed array with open
 * addressing, 12 bytes a slot (hash high, hash low, row side by side, so a probe reads one cache line) and 15 to 23
 * bytes a key (the table grows by half when it is 4/5 full), and no copy of the keys themselves. Two keys collide only
 * with probability ~n²/2^65, negligible for any file this tool reads.
 */
/** The most keys `reserve` makes room for at once (beyond, the table grows as keys come). */
const MAX_RESERVED_KEYS = 20_000_000;

export class KeyIndex {
  private slots: Uint32Array;
  private capacity: number;
  private used = 0;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, Math.ceil(initialCapacity * 1.25));
    this.slots = new Uint32Array(this.capacity * 3);
  }

  get size(): number {
    return this.used;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.slots.byteLength;
  }

  /** Records `key` for `row` (>= 1) unless present; returns the row that had it first, or undefined if it is new. */
  firstSeen(key: string, row: number): number | undefined {
    const [h, l] = hash64(key);
    const found = this.lookup(h, l);
    if (found !== undefined) return found;
    // Linear probing stays short up to four fifths full.
    if ((this.used + 1) * 5 > this.capacity * 4) this.grow();
    this.insert(h, l, row);
    this.used++;
    return undefined;
  }

  /** The row that first had `key`, or undefined. */
  get(key: string): number | undefined {
    const [h, l] = hash64(key);
    return this.lookup(h, l);
  }

  /** The home slot of a hash: its high half scaled to the capacity (any capacity, not only powers of two). */
  private home(h: number): number {
    return Math.floor((h / 4294967296) * this.capacity);
  }

  private lookup(h: number, l: number): number | undefined {
    const slots = this.slots;
    const end = this.capacity * 3;
    for (let i = this.home(h) * 3; ; i = i + 3 === end ? 0 : i + 3) {
      const r = slots[i + 2] ?? 0;
      if (r === 0) return undefined;
      if (slots[i] === h && slots[i + 1] === l) return r;
    }
  }

  private insert(h: number, l: number, row: number): void {
    const slots = this.slots;
    const end = this.capacity * 3;
    let i = this.home(h) * 3;
    while ((slots[i + 2] ?? 0) !== 0) i = i + 3 === end ? 0 : i + 3;
    slots[i] = h;
    slots[i + 1] = l;
    slots[i + 2] = row;
  }

  /**
   * Makes room for `keys` keys in all, so that the table need not grow (and copy itself) while they come: for a reader
   * that can estimate the rows ahead. Untouched slots cost no memory until used (the array's pages are mapped lazily).
   */
  reserve(keys: number): void {
    const capacity = Math.ceil(Math.min(keys, MAX_RESERVED_KEYS) * 1.25);
    if (capacity > this.capacity) this.rehash(capacity);
  }

  private grow(): void {
    this.rehash(Math.ceil(this.capacity * 1.5));
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.capacity = capacity;
    this.slots = new Uint32Array(this.capacity * 3);
    for (let i = 0; i < old.length; i += 3) {
      const r = old[i + 2] ?? 0;
      if (r !== 0) this.insert(old[i] ?? 0, old[i + 1] ?? 0, r);
    }
  }
}

/** Two independent 32-bit string hashes (FNV-1a and a murmur-style mix) taken together as 64 bits. */
export function hash64(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b ^= b >>> 16;
  return [a >>> 0, b >>> 0];
}
