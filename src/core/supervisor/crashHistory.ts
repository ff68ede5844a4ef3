// Restart policy after unexpected exits: back off (1 s doubling to 30 s by default) and give up after
// too many crashes inside a sliding window.

export interface CrashPolicy {
  backoff: { initialMs: number; maxMs: number };
  crashLimit: { count: number; windowMs: number };
}

export class CrashHistory {
  private times: number[] = [];

  constructor(private readonly policy: CrashPolicy) {}

  /** Records a crash at `now`; returns the delay before the next start, or null to give up. */
  record(now: number): number | null {
    this.times = this.times.filter((time) => now - time < this.policy.crashLimit.windowMs);
    this.times.push(now);
    if (this.times.length >= this.policy.crashLimit.count) return null;
    return backoffDelay(this.times.length, this.policy.backoff);
  }

  get count(): number {
    return this.times.length;
  }

  reset(): void {
    this.times = [];
  }
}

/** The delay after the n-th crash in the window (n ≥ 1). */
export function backoffDelay(n: number, backoff: { initialMs: number; maxMs: number }): number {
  return Math.min(backoff.initialMs * 2 ** Math.max(0, n - 1), backoff.maxMs);
}
