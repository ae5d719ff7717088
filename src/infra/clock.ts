/**
 * Clocks: the system clock for production, and a virtual one that only moves when told — for the
 * console's `--now` / `:advance` and for tests that cross days, weekends and holidays without sleeping.
 */
import type { Clock } from '../app/ports.js';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

export class VirtualClock implements Clock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/**
 * Wall time that can be pushed forward: `now()` follows the system clock plus an offset that
 * `set` / `advance` move. The interactive console uses it, so `:advance 2h` works while real time
 * keeps running.
 */
export class ShiftableClock extends VirtualClock {
  private offset = 0;
  constructor() {
    super(0);
  }
  override now(): number {
    return Date.now() + this.offset;
  }
  override set(ms: number): void {
    this.offset = ms - Date.now();
  }
  override advance(ms: number): void {
    this.offset += ms;
  }
}
