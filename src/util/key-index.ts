/**
 * A compact set of string keys with the row that first had each: 64-bit hashes in typed arrays with open addressing,
 * 12 bytes a slot and 16 to 32 bytes a key (the table is 3/8 to 3/4 full), and no copy of the keys themselves. Two keys collide only with
 * probability ~n²/2^65, negligible for any file this tool reads.
 */
export class KeyIndex {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private rows: Uint32Array;
  private used = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Uint32Array(cap);
  }

  get size(): number {
    return this.used;
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.hi.byteLength + this.lo.byteLength + this.rows.byteLength;
  }

  /** Records `key` for `row` (>= 1) unless present; returns the row that had it first, or undefined if it is new. */
  firstSeen(key: string, row: number): number | undefined {
    const [h, l] = hash64(key);
    const found = this.lookup(h, l);
    if (found !== undefined) return found;
    // Linear probing stays short up to three quarters full.
    if ((this.used + 1) * 4 > this.hi.length * 3) this.grow();
    this.insert(h, l, row);
    this.used++;
    return undefined;
  }

  /** The row that first had `key`, or undefined. */
  get(key: string): number | undefined {
    const [h, l] = hash64(key);
    return this.lookup(h, l);
  }

  private lookup(h: number, l: number): number | undefined {
    const mask = this.hi.length - 1;
    for (let i = l & mask; ; i = (i + 1) & mask) {
      const r = this.rows[i] ?? 0;
      if (r === 0) return undefined;
      if (this.hi[i] === h && this.lo[i] === l) return r;
    }
  }

  private insert(h: number, l: number, row: number): void {
    const mask = this.hi.length - 1;
    let i = l & mask;
    while ((this.rows[i] ?? 0) !== 0) i = (i + 1) & mask;
    this.hi[i] = h;
    this.lo[i] = l;
    this.rows[i] = row;
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    const cap = hi.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Uint32Array(cap);
    for (let i = 0; i < hi.length; i++) {
      const r = rows[i] ?? 0;
      if (r !== 0) this.insert(hi[i] ?? 0, lo[i] ?? 0, r);
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
