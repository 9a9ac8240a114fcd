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
    this.map.set(detached(key), value);
    return value;
  }
}

/**
 * `text` as a string of its own. A cell cut from a batch of the reading thread shares the memory of the whole batch
 * (V8 cuts strings of 13 characters or more as slices of their parent), and a slice kept in a cache would keep the
 * batch alive with it. Concatenated and cut again, the text gets a parent of its own size.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
