import { classifySmtpFailure } from '../../src/smtp/sender';
import { afterFailure, attemptOutcome, retryDelay } from '../../src/stages/settle';

const policy = { maxAttempts: 3, baseMs: 1000, capMs: 5000 };
const NOW = 1_000_000;

describe('classifySmtpFailure', () => {
  it.each([
    [{ responseCode: 550, code: 'EENVELOPE' }, 'permanent'],
    [{ responseCode: 554, code: 'EMESSAGE' }, 'permanent'],
    [{ responseCode: 451, code: 'EENVELOPE' }, 'deferred'],
    [{ responseCode: 452, code: 'EENVELOPE', dataSent: true }, 'deferred'],
    [{ responseCode: 421, code: 'ECONNECTION' }, 'link'],
    [{ responseCode: 503, code: 'EPROTOCOL' }, 'link'],
    [{ code: 'ECONNECTION' }, 'link'],
    [{ code: 'ETIMEDOUT' }, 'link'],
    [{ code: 'EAUTH' }, 'link'],
    [{ code: 'EENVELOPE' }, 'permanent'],
    [{ code: 'ECONNECTION', dataSent: true }, 'in_doubt'],
    [{ code: 'ETIMEDOUT', dataSent: true }, 'in_doubt'],
  ])('%j → %s', (f, kind) => {
    expect(classifySmtpFailure({ message: 'x', dataSent: false, ...f })).toBe(kind);
  });
});

describe('retry policy', () => {
  it('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, policy))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('gives up at the attempt cap', () => {
    expect(afterFailure(1, NOW, policy)).toEqual({ kind: 'retry', at: NOW + 1000 });
    expect(afterFailure(2, NOW, policy)).toEqual({ kind: 'retry', at: NOW + 2000 });
    expect(afterFailure(3, NOW, policy)).toEqual({ kind: 'give_up' });
  });

  it('retries at once after a link failure (the link itself is held until it answers)', () => {
    expect(afterFailure(1, NOW, policy, true)).toEqual({ kind: 'retry', at: NOW });
  });
});

describe('attemptOutcome', () => {
  const fail = (f: Record<string, unknown>) => ({
    ok: false as const,
    failure: { message: 'boom', dataSent: false, ...f },
  });

  it('SENT with the server reply', () => {
    expect(attemptOutcome({ ok: true, response: '250 2.0.0 OK queued' }, 1, NOW, policy)).toEqual({
      status: 'SENT',
      response: '250 2.0.0 OK queued',
    });
  });

  it('5xx → FAILED at once, whatever the attempt count', () => {
    expect(attemptOutcome(fail({ responseCode: 550 }), 1, NOW, policy)).toMatchObject({
      status: 'FAILED',
      cause: 'permanent',
      linkDown: false,
    });
  });

  it('4xx → RETRY with backoff, then FAILED at the cap', () => {
    expect(attemptOutcome(fail({ responseCode: 451 }), 1, NOW, policy)).toMatchObject({
      status: 'RETRY',
      at: NOW + 1000,
      linkDown: false,
    });
    expect(attemptOutcome(fail({ responseCode: 451 }), 3, NOW, policy)).toMatchObject({
      status: 'FAILED',
      cause: 'gave_up',
    });
  });

  it('a connection error → RETRY now and the link marked down', () => {
    expect(attemptOutcome(fail({ code: 'ECONNECTION' }), 1, NOW, policy)).toMatchObject({
      status: 'RETRY',
      at: NOW,
      linkDown: true,
    });
  });

  it('a connection lost after the message was handed over → IN_DOUBT', () => {
    expect(attemptOutcome(fail({ code: 'ECONNECTION', dataSent: true }), 1, NOW, policy)).toMatchObject({
      status: 'IN_DOUBT',
    });
  });

  it('never keeps an address in the recorded error', () => {
    const o = attemptOutcome(
      fail({ responseCode: 550, message: "Can't send mail: 550 5.1.1 <taro.yamada@example.jp>: unknown user" }),
      1,
      NOW,
      policy,
    );
    expect(JSON.stringify(o)).not.toContain('taro.yamada');
    expect(JSON.stringify(o)).toContain('[address]');
  });
});
