/**
 * A cache that never holds more than `max` entries (issue 14: nothing in a long-running process
 * grows without bound, whatever its input). When a new key would go past `max`, the entry written
 * longest ago goes; writing a key again makes it the newest. Every long-lived cache in `src/` is
 * one of these — the grams of feedback texts, parsed local times, zone offsets, work-calendar days,
 * drawn charts, cron matchers, assessment models — and test/unit/bounded-caches.test.ts checks the
 * bound and that no module keeps a bare `Map` or `Set` that starts empty.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`a bounded cache needs a whole max of at least 1, got ${max}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
