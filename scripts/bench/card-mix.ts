// The card mix: cards registered, activated some time later (now and then with a
// wrong phone), phones changed, cards locked; ~5 % re-sent requests and ~1 % reused
// requestIds (DuplicateRequestId), in the proportions a loyalty programme sees.
import { registerCard } from './payloads';
import { digitsOf, envelope, idTag, pickAged, seeded, withRepeats, type BenchRequest } from './requests';

const PIN = '3f'.repeat(32);
const LAG = 300;

export function cardMix(n: number, topic: string, run: string, seed = 7): BenchRequest[] {
  const rand = seeded(seed);
  const registered: { card: string; at: number }[] = [];
  const active: { card: string; at: number }[] = [];
  const reqs: BenchRequest[] = [];
  const phone = (i: number) => `+486${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, '0')}`;
  const phones = new Map<string, string>();
  let seq = 0;
  const add = (card: string, branch: string, payload: Record<string, unknown>): void => {
    const requestId = `${idTag(run)}-c${++seq}`;
    reqs.push({
      topic,
      key: card,
      requestId,
      value: envelope(requestId, 'ALCS', `alcs.card.${branch}`, { cardNumber: card, ...payload }),
    });
  };
  while (reqs.length < n) {
    const i = reqs.length;
    const roll = rand();
    const toActivate = roll < 0.65 && roll >= 0.35 ? pickAged(registered, i, LAG, rand) : undefined;
    const activeOne = roll >= 0.65 ? pickAged(active, i, LAG, rand) : undefined;
    if (toActivate) {
      registered.splice(registered.indexOf(toActivate), 1);
      active.push({ card: toActivate.card, at: i });
      add(toActivate.card, 'ActivateCard', {
        phoneNumber: rand() < 0.05 ? '+48600000000' : phones.get(toActivate.card)!,
      });
    } else if (activeOne && roll < 0.88) {
      const p = phone(i + 17);
      phones.set(activeOne.card, p);
      add(activeOne.card, 'ChangePhoneNumber', { phoneNumber: p });
    } else if (activeOne) {
      add(activeOne.card, 'LockCard', {});
    } else {
      const card = `9${digitsOf(run)}${String(i).padStart(7, '0')}`;
      phones.set(card, phone(i));
      registered.push({ card, at: i });
      add(card, 'RegisterCard', registerCard(card, phones.get(card), rand() < 0.5 ? 'F' : 'M', PIN));
    }
  }
  return withRepeats(reqs, rand, (r) => ({
    ...r,
    value: { ...r.value, operation: { 'alcs.card.LockCard': { cardNumber: `${r.key}9` } } },
  })).slice(0, n);
}
