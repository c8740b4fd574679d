import { mailOutcome } from '../../src/stages/settle';
import { planRecipient } from '../../src/stages/check';
import { byAddress, type Recipient } from '../../src/stages/fanout';
import type { Delivery } from '../../src/domain/types';
import { NOW, account } from './fixtures';

const one = (...accounts: Parameters<typeof account>[]): Recipient => byAddress(accounts.map((a) => account(...a)))[0]!;
const record = (over: Partial<Delivery> = {}): Delivery => ({
  id: 'C-1|hash:a-1@example.test',
  contactId: 'C-1',
  audience: 'ALL',
  accountId: 'A-1',
  accounts: ['A-1'],
  status: 'SENT',
  attempts: 1,
  claim: 'k',
  nextAttemptAt: null,
  messageId: '<m>',
  smtpResponse: '250',
  lastError: null,
  createdAt: NOW,
  updatedAt: NOW,
  sentAt: NOW,
  ...over,
});

describe('planRecipient', () => {
  it('a new address: send through its enabled account, skip a stopped one, record a missing one', () => {
    expect(planRecipient(one(['A-1']), undefined, null, NOW)).toMatchObject({
      kind: 'send',
      account: { accountId: 'A-1' },
      expected: { status: null },
    });
    expect(planRecipient(one(['A-1', { mailDelivery: 'STOPPED' }]), undefined, null, NOW)).toEqual({
      kind: 'skip',
      status: 'SKIPPED_STOPPED',
      expected: { status: null },
    });
    expect(planRecipient({ key: '-', account: null, accounts: [] }, undefined, null, NOW)).toEqual({
      kind: 'skip',
      status: 'SKIPPED_NO_ACCOUNT',
      expected: { status: null },
    });
  });

  it('the contact-level reason comes first', () => {
    expect(planRecipient(one(['A-1', { mailDelivery: 'STOPPED' }]), undefined, 'SKIPPED_DELETED', NOW)).toMatchObject({
      kind: 'skip',
      status: 'SKIPPED_DELETED',
    });
  });

  it('a terminal record is never sent again; other accounts at the address are added to it', () => {
    expect(planRecipient(one(['A-1']), record(), null, NOW)).toEqual({ kind: 'done' });
    expect(planRecipient(one(['A-2', { address: 'a-1@example.test' }]), record(), null, NOW)).toEqual({
      kind: 'share',
      accounts: ['A-2'],
    });
    for (const status of ['FAILED', 'IN_DOUBT', 'SKIPPED_DELETED'] as const)
      expect(planRecipient(one(['A-1']), record({ status }), null, NOW).kind).toBe('done');
  });

  it('SKIPPED_STOPPED gives way to an enabled account met later at the same address (nothing was sent)', () => {
    const stopped = record({ status: 'SKIPPED_STOPPED', attempts: 0 });
    expect(planRecipient(one(['A-2', { address: 'a-1@example.test' }]), stopped, null, NOW)).toMatchObject({
      kind: 'send',
      account: { accountId: 'A-2' },
      expected: { status: 'SKIPPED_STOPPED' },
    });
    expect(planRecipient(one(['A-2', { address: 'a-1@example.test' }]), stopped, 'SKIPPED_ANSWERED', NOW)).toEqual({
      kind: 'share',
      accounts: ['A-2'],
    });
  });

  it('SENDING left by a gone attempt is in doubt; RETRY waits for its time, then is decided afresh', () => {
    expect(planRecipient(one(['A-1']), record({ status: 'SENDING', claim: 'dead' }), null, NOW)).toEqual({
      kind: 'in_doubt',
      claim: 'dead',
    });
    expect(planRecipient(one(['A-1']), record({ status: 'RETRY', nextAttemptAt: NOW + 5 }), null, NOW)).toEqual({
      kind: 'open',
      at: NOW + 5,
    });
    expect(
      planRecipient(one(['A-1']), record({ status: 'RETRY', attempts: 2, nextAttemptAt: NOW }), null, NOW),
    ).toMatchObject({ kind: 'send', expected: { status: 'RETRY', attempts: 2 } });
    expect(
      planRecipient(
        one(['A-1', { mailDelivery: 'STOPPED' }]),
        record({ status: 'RETRY', nextAttemptAt: NOW }),
        null,
        NOW,
      ),
    ).toEqual({ kind: 'skip', status: 'SKIPPED_STOPPED', expected: { status: 'RETRY' } });
  });
});

describe('mailOutcome', () => {
  it('counts sent, skipped (every reason), failed and in doubt', () => {
    expect(mailOutcome({ SENT: 3, SKIPPED_STOPPED: 2, SKIPPED_NO_ACCOUNT: 1, FAILED: 1, IN_DOUBT: 1 })).toEqual({
      sent: 3,
      skipped: 3,
      failed: 1,
      inDoubt: 1,
    });
    expect(mailOutcome({})).toEqual({ sent: 0, skipped: 0, failed: 0, inDoubt: 0 });
  });
});
