import { newBucket, reserve } from '../../src/pacing';
import { senderDomain } from '../../src/config';
import { mailMessageId } from '../../src/stages/send';
import { scrubError } from '../../src/smtp/sender';

describe('token bucket', () => {
  it('lets a burst through, then spaces reservations at the rate', () => {
    let b = newBucket(100, 3, 0);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = reserve(b, 0);
      b = r.bucket;
      waits.push(r.waitMs);
    }
    expect(waits).toEqual([0, 0, 0, 10, 20, 30]);
  });

  it('refills with time, never above the burst', () => {
    let b = newBucket(10, 2, 0);
    b = reserve(b, 0).bucket;
    b = reserve(b, 0).bucket;
    expect(reserve(b, 100).waitMs).toBe(0); // one token back after 100 ms at 10/s
    b = reserve(b, 10_000).bucket; // long quiet: back to 2, minus this one
    expect(b.tokens).toBe(1);
  });

  it('averages the rate over many sends', () => {
    let b = newBucket(50, 1, 0);
    let last = 0;
    for (let i = 0; i < 500; i++) {
      const r = reserve(b, 0);
      b = r.bucket;
      last = r.waitMs;
    }
    expect(last).toBeGreaterThanOrEqual(9960);
    expect(last).toBeLessThanOrEqual(9980);
  });

  it('refuses a rate of 0 or a burst below 1', () => {
    expect(() => newBucket(0, 1, 0)).toThrow(RangeError);
    expect(() => newBucket(1, 0, 0)).toThrow(RangeError);
  });
});

describe('Message-ID', () => {
  it('is deterministic per contact and recipient, and different across them', () => {
    const a = mailMessageId('C-1', 'A-1', 'example.jp');
    expect(a).toBe(mailMessageId('C-1', 'A-1', 'example.jp'));
    expect(a).not.toBe(mailMessageId('C-1', 'A-2', 'example.jp'));
    expect(a).not.toBe(mailMessageId('C-2', 'A-1', 'example.jp'));
    expect(a).toMatch(/^<contact\.[0-9a-f]{40}@example\.jp>$/);
  });

  it('does not confuse ids that concatenate alike', () => {
    expect(mailMessageId('C-1', '2:A', 'd')).not.toBe(mailMessageId('C-1:2', 'A', 'd'));
  });

  it('takes its domain from the sender', () => {
    expect(senderDomain('noreply@mail.example.jp')).toBe('mail.example.jp');
    expect(senderDomain('"マイページ" <noreply@example.jp>')).toBe('example.jp');
    expect(senderDomain('nobody')).toBeNull();
  });
});

describe('scrubError', () => {
  it('removes addresses, bare or bracketed, and caps the length', () => {
    expect(scrubError('550 5.1.1 <a.b+c@example.jp>: no; also x@y.z')).toBe(
      '550 5.1.1 <[address]>: no; also [address]',
    );
    expect(scrubError('x'.repeat(1000)).length).toBeLessThanOrEqual(301);
  });
});
