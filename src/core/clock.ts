/** Where all time comes from: production uses the system clock, tests and the sandbox move it by hand. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to; for tests and the sandbox's "advance time" control. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.parse('2026-04-01T08:00:00+08:00')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}
