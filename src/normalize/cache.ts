/**
 * A string-keyed cache for per-value lookups (country names, cultures, states): values repeat across rows, so each
 * distinct one is worked out once. It starts over when full, so adversarial input cannot make it grow without bound.
 */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit = 4096) {}

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  set(key: string, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}
