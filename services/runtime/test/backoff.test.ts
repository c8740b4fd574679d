import { backoffDelay, sleep, type BackoffOptions } from '../src/backoff';

describe('backoffDelay', () => {
  const opts: BackoffOptions = { baseMs: 100, capMs: 10_000 };
  const max = (): number => 0.999_999;
  const min = (): number => 0;

  it('never exceeds the cap, whatever the attempt and the random draw', () => {
    for (let attempt = 0; attempt <= 100; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.999_999]) {
        const d = backoffDelay(attempt, opts, () => r);
        expect(d).toBeLessThanOrEqual(opts.capMs);
        expect(Number.isFinite(d)).toBe(true);
      }
    }
  });

  it('stays finite and capped for huge attempts (exponent is bounded)', () => {
    expect(backoffDelay(10_000, opts, max)).toBeLessThanOrEqual(opts.capMs);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, opts, max)).toBeLessThanOrEqual(opts.capMs);
  });

  it('grows with the attempt until it reaches the cap', () => {
    const delays = Array.from({ length: 12 }, (_, a) => backoffDelay(a, opts, max));
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[5]!).toBeGreaterThan(delays[4]!);
    // 100·2^7 = 12 800 > cap: from there on the ceiling is the cap.
    expect(delays[7]).toBe(delays[11]);
    expect(delays[11]!).toBeGreaterThan(opts.capMs - 2);
  });

  it('draws uniformly below the ceiling min(cap, base·2^attempt)', () => {
    expect(backoffDelay(3, opts, () => 0.5)).toBe(400); // 0.5 · 800
    expect(backoffDelay(3, opts, () => 0.25)).toBe(200); // 0.25 · 800
    expect(backoffDelay(3, opts, max)).toBe(799);
    expect(backoffDelay(20, opts, () => 0.5)).toBe(5_000); // 0.5 · cap
  });

  it('never goes below half the base delay (so a zero draw still waits)', () => {
    for (let attempt = 0; attempt < 10; attempt++) expect(backoffDelay(attempt, opts, min)).toBe(opts.baseMs / 2);
  });

  it('stays in [base/2, ceiling) for many real random draws', () => {
    for (let i = 0; i < 1_000; i++) {
      const attempt = i % 10;
      const d = backoffDelay(attempt, opts);
      expect(d).toBeGreaterThanOrEqual(opts.baseMs / 2);
      expect(d).toBeLessThanOrEqual(Math.min(opts.capMs, opts.baseMs * 2 ** attempt));
    }
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const t0 = Date.now();
    await expect(sleep(20)).resolves.toBeUndefined();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
  });

  it('resolves with a signal that never aborts', async () => {
    const ac = new AbortController();
    await expect(sleep(5, ac.signal)).resolves.toBeUndefined();
    // aborting afterwards is harmless (the listener was removed)
    ac.abort(new Error('late'));
  });

  it('rejects early with the abort reason when the signal aborts', async () => {
    const ac = new AbortController();
    const reason = new Error('stopping');
    const t0 = Date.now();
    const p = sleep(10_000, ac.signal);
    setTimeout(() => ac.abort(reason), 5);
    await expect(p).rejects.toBe(reason);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const ac = new AbortController();
    const reason = new Error('already');
    ac.abort(reason);
    await expect(sleep(10_000, ac.signal)).rejects.toBe(reason);
  });
});
