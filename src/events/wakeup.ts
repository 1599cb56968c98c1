/**
 * A loop's pause that something may cut short: `wait(ms)` resolves after `ms`, or at once when
 * `wake()` was called since the last wait (or while it waits), or when `signal` aborts. Wake-ups
 * are not counted: many before one wait make one early return.
 */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  wake(): void {
    if (this.resolve) {
      const resolve = this.resolve;
      this.resolve = undefined;
      resolve();
    } else {
      this.pending = true;
    }
  }

  /** Resolves true when woken, false when the time ran out or `signal` aborted. */
  wait(ms: number, signal?: AbortSignal): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((done) => {
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        this.resolve = undefined;
        done(woken);
      };
      const aborted = () => finish(false);
      const timer = setTimeout(() => finish(false), ms);
      signal?.addEventListener('abort', aborted, { once: true });
      this.resolve = () => finish(true);
    });
  }
}

/**
 * The process's own news about events: a tenant's write committed here (the sequencer wakes at
 * once), a tenant's events got numbers here (feed followers and webhook delivery wake at once).
 * Other replicas' news arrives by polling (EVENTS_POLL_MS): this is only a shortcut.
 */
export class EventSignals {
  private readonly listeners = new Set<(tenant: string) => void>();

  /** Calls `listener` with each tenant whose events were just numbered; returns the unsubscriber. */
  onSequenced(listener: (tenant: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  sequenced(tenant: string): void {
    for (const listener of this.listeners) listener(tenant);
  }
}
