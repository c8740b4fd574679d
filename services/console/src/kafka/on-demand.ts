// Something costly that runs only while somebody uses it (the console's index of the
// topics): `touch()` wakes it when it sleeps and keeps it awake; `idleMs` after the
// last touch it is put to sleep. Wakes and sleeps run one at a time, in the order they
// were asked for (a touch during a sleep wakes it again once the sleep is done). A wake
// that fails leaves it asleep, so the next touch tries again. Timers are unref'd: an
// idle timer never keeps the process alive.

export interface Sleeper {
  wake(): Promise<void>;
  sleep(): Promise<void>;
}

export class OnDemand {
  private awake = false;
  private lastTouch = 0;
  private timer: NodeJS.Timeout | null = null;
  private steps: Promise<void> = Promise.resolve();

  constructor(
    private readonly idleMs: number,
    private readonly target: Sleeper,
    private readonly onError: (step: 'wake' | 'sleep', err: unknown) => void,
  ) {}

  /** Awake, or waking: what the last touch or idle timeout asked for. */
  get isAwake(): boolean {
    return this.awake;
  }

  /** Keeps the target awake for `idleMs` more; resolves once any wake or sleep asked for so far is done. */
  touch(): Promise<void> {
    this.lastTouch = Date.now();
    this.arm(this.idleMs);
    if (!this.awake) {
      this.awake = true;
      this.enqueue(() =>
        this.target.wake().catch((err: unknown) => {
          this.awake = false;
          this.onError('wake', err);
        }),
      );
    }
    return this.steps;
  }

  /** No more sleeps or wakes (the process is stopping). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One timer at most, re-armed for what is left when it fires early: a touch costs no timer. */
  private arm(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.expire(), ms);
    this.timer.unref();
  }

  private expire(): void {
    this.timer = null;
    const idle = Date.now() - this.lastTouch;
    if (idle < this.idleMs) {
      this.arm(this.idleMs - idle);
      return;
    }
    if (!this.awake) return;
    this.awake = false;
    this.enqueue(() => this.target.sleep().catch((err: unknown) => this.onError('sleep', err)));
  }

  private enqueue(step: () => Promise<void>): void {
    this.steps = this.steps.then(step);
  }
}
