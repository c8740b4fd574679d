// A dead letter goes back only to the topic its .dlq collects, and only when a worker
// consumes that topic (issue 30 point 3): the rule ops dlq replay and the console share.
import { replayRefusal } from '../src/dlq-origin';

describe('replayRefusal', () => {
  test.each([
    ['alcs.card.requests.dlq', 'alcs.card.requests'],
    ['crm.contact.requests.dlq', 'crm.contact.requests'],
    ['crm.account.requests.dlq', 'crm.account.requests'],
    ['crm.contact.events.dlq', 'crm.contact.events'],
    ['t1-abc.alcs.card.requests.dlq', 't1-abc.alcs.card.requests'],
    // a test's random name, which tells nothing about its role: its own topic is still where it came from
    ['alcs.card.ops-dlq.requests-m1x-1a2b.dlq', 'alcs.card.ops-dlq.requests-m1x-1a2b'],
  ])('%s → %s is allowed', (dlq, origin) => {
    expect(replayRefusal(dlq, origin)).toBeNull();
  });

  test.each([
    ['alcs.card.requests.dlq', 'alcs.card.replies', /origin alcs\.card\.replies is not alcs\.card\.requests/],
    ['alcs.card.requests.dlq', 'crm.contact.requests', /is not alcs\.card\.requests, the only topic/],
    ['t1.alcs.card.requests.dlq', 'alcs.card.requests', /is not t1\.alcs\.card\.requests/],
    ['alcs.card.requests.dlq', 'alcs.card.requests.dlq', /is not alcs\.card\.requests/],
    ['alcs.card.requests', 'alcs.card.requests', /not a dead-letter topic/],
    ['alcs.card.replies.dlq', 'alcs.card.replies', /alcs\.card\.replies is a replies topic: no worker consumes it/],
    ['t9.crm.account.replies.dlq', 't9.crm.account.replies', /is a replies topic/],
    ['x.dlq.dlq', 'x.dlq', /itself a dead-letter topic/],
  ])('%s → %s is refused with the reason', (dlq, origin, reason) => {
    expect(replayRefusal(dlq, origin)).toMatch(reason);
  });

  test("a deployment's renamed reply topics are known by their variables", () => {
    const env = { CARD_REPLY_TOPIC: 'prod-card-out', CARD_EXTRA_REPLY_TOPICS: 'pos-a-out, pos-b-out' };
    expect(replayRefusal('prod-card-out.dlq', 'prod-card-out', env)).toMatch(/replies topic/);
    expect(replayRefusal('pos-b-out.dlq', 'pos-b-out', env)).toMatch(/replies topic/);
    expect(
      replayRefusal('prod-card-in.dlq', 'prod-card-in', { ...env, CARD_REQUEST_TOPIC: 'prod-card-in' }),
    ).toBeNull();
  });
});
