/**
 * A sender loop's wait between looks at its queue, cut short by a wake. A wake takes effect at the end of the event
 * loop's turn (setImmediate), so what is committed together makes one look rather than one each; a wake that comes
 * while the loop is not waiting makes its next wait end at once. The outbox and the webhook sender wait this way.
 */
export class WakeableWait {
  private wakeUp: (() => void) | undefined;
  private requested = false;

  /** Ends the wait in progress (at the end of this turn), or the next one at once. */
  wake(): void {
    this.requested = true;
    this.wakeUp?.();
  }

  /** Waits `ms`, or until woken. */
  wait(ms: number): Promise<void> {
    if (this.requested || ms <= 0) {
      this.requested = false;
      return new Promise((resolve) => setImmediate(resolve));
    }
    return new Promise((resolve) => {
      let woken = false;
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === wakeUp) this.wakeUp = undefined;
        this.requested = false;
        resolve();
      };
      const wakeUp = () => {
        if (woken) return;
        woken = true;
        setImmediate(done);
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = wakeUp;
    });
  }
}
