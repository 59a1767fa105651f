/**
 * At most one event per `intervalMs` for a key, the latest kept: the first event of a quiet key
 * goes at once; events within the interval replace one another, and the last of them goes when
 * the interval ends. Nothing is lost but intermediate states (a product page needs the current
 * availability, not every step to it).
 */
export class TrailingThrottle<T> {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private trailing: { value: T } | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (value: T) => void,
    private readonly now: () => number = Date.now,
  ) {}

  push(value: T): void {
    const at = this.now();
    if (!this.timer && at - this.lastSentAt >= this.intervalMs) {
      this.lastSentAt = at;
      this.emit(value);
      return;
    }
    this.trailing = { value };
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastSentAt + this.intervalMs - at));
  }

  /** Drops a pending trailing value (no one listens any more). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.trailing = null;
  }

  private flush(): void {
    this.timer = undefined;
    const pending = this.trailing;
    this.trailing = null;
    if (!pending) return;
    this.lastSentAt = this.now();
    this.emit(pending.value);
  }
}
