// The chaos run's requests: a deterministic (seeded) stream of card, account and
// contact operations, so a failed run can be replayed with its seed. Every answer
// is decided by per-key order alone (same key, same partition): a reused requestId
// stays on its key, approvals and deletions never race, so a fault-free run of the
// same stream (reference.ts) answers each request as the faulty run must.
//
// Mail is decided the same way: only contacts that are approved and never deleted
// or answered afterwards are mailed, to their account's address when its delivery
// is ENABLED. An approval is sent only after its account's UpsertAccount was
// answered (`after`), as a CRM would: the mail worker must find the account.
import { createContact, registerCard, updateContact as update } from '../bench/payloads';
import { digitsOf, envelope, idTag, pickAged, seeded, type BenchRequest } from '../bench/requests';

export interface ChaosRequest extends BenchRequest {
  /** A requestId whose reply must be seen before this request is sent. */
  after?: string;
}

export interface ChaosTopics {
  cards: string;
  contacts: string;
  accounts: string;
}

export interface MixAccount {
  accountId: string;
  personalId: string;
  email: string;
  mailDelivery: 'ENABLED' | 'STOPPED';
  upsertId: string;
}

export interface ChaosMix {
  requests: ChaosRequest[];
  accounts: Map<string, MixAccount>;
  /** contactId → its account. */
  contactAccount: Map<string, string>;
  /** Lower-case tag in every address of the run (the SMTP sink is shared). */
  mailTag: string;
}

const LAG = 40;
const PIN = '5e'.repeat(32);
const phone = (i: number): string => `+4860${String(1_000_000 + ((i * 7919) % 8_999_999)).padStart(7, '0')}`;

export function chaosMix(n: number, t: ChaosTopics, run: string, seed: number): ChaosMix {
  const rand = seeded(seed);
  const tag = idTag(run);
  const mailTag = tag.toLowerCase().replace(/[^a-z0-9]/g, '');
  const out: ChaosRequest[] = [];
  const accounts = new Map<string, MixAccount>();
  const contactAccount = new Map<string, string>();
  const pools = {
    waiting: [] as { card: string; at: number }[],
    active: [] as { card: string; at: number }[],
    owners: [] as { id: string; at: number }[],
    created: [] as { id: string; at: number }[],
    approved: [] as { id: string; at: number }[],
    closed: [] as { id: string; at: number }[],
  };
  const phones = new Map<string, string>();
  let seq = 0;
  const add = (
    topic: string,
    key: string,
    branch: string,
    payload: Record<string, unknown>,
    after?: string,
  ): string => {
    const requestId = `${tag}-r${++seq}`;
    out.push({
      topic,
      key,
      requestId,
      value: envelope(requestId, topic === t.cards ? 'ALCS' : 'CRM', branch, payload),
      ...(after ? { after } : {}),
    });
    return requestId;
  };
  const card = (i: number, roll: number): void => {
    const toActivate = roll < 0.3 ? pickAged(pools.waiting, i, LAG, rand) : undefined;
    const live = roll >= 0.3 && roll < 0.45 ? pickAged(pools.active, i, LAG, rand) : undefined;
    if (toActivate) {
      pools.waiting.splice(pools.waiting.indexOf(toActivate), 1);
      pools.active.push({ card: toActivate.card, at: i });
      add(t.cards, toActivate.card, 'alcs.card.ActivateCard', {
        cardNumber: toActivate.card,
        phoneNumber: rand() < 0.05 ? '+48600000001' : phones.get(toActivate.card)!,
      });
    } else if (live && roll < 0.42) {
      phones.set(live.card, phone(i + 3));
      add(t.cards, live.card, 'alcs.card.ChangePhoneNumber', {
        cardNumber: live.card,
        phoneNumber: phones.get(live.card)!,
      });
    } else if (live) {
      add(t.cards, live.card, 'alcs.card.LockCard', { cardNumber: live.card });
    } else {
      const c = `9${digitsOf(run)}${String(i).padStart(7, '0')}`;
      phones.set(c, phone(i));
      pools.waiting.push({ card: c, at: i });
      add(t.cards, c, 'alcs.card.RegisterCard', registerCard(c, phones.get(c), rand() < 0.5 ? 'F' : 'M', PIN));
    }
  };

  const account = (i: number): void => {
    const old = rand() < 0.3 ? pickAged(pools.owners, i, LAG, rand) : undefined;
    if (old) {
      const a = accounts.get(old.id)!;
      add(t.accounts, a.accountId, 'crm.account.UpdateAccountContact', {
        accountId: a.accountId,
        personalId: a.personalId,
        email: null,
        phone: `090-${String(1000 + (i % 9000))}-5678`,
        mailDelivery: null,
        updatedBy: 'crm-operator-02',
      });
      return;
    }
    const a: MixAccount = {
      accountId: `${tag}-A${i}`,
      personalId: `${tag}-P${i}`,
      email: `a${i}-${mailTag}@example.test`,
      mailDelivery: rand() < 0.15 ? 'STOPPED' : 'ENABLED',
      upsertId: '',
    };
    a.upsertId = add(t.accounts, a.accountId, 'crm.account.UpsertAccount', {
      accountId: a.accountId,
      personalId: a.personalId,
      email: a.email,
      phone: null,
      externalAuth: rand() < 0.3,
      mailDelivery: a.mailDelivery,
    });
    accounts.set(a.accountId, a);
    pools.owners.push({ id: a.accountId, at: i });
  };

  const contact = (i: number, roll: number): void => {
    // Approvals are one contact operation in 16: each is a mail, and the test database's mail
    // records are scanned without secondary indexes (docs/ferretdb.md), so mail is the slow part.
    const owner = roll < 0.4 ? pickAged(pools.owners, i, LAG, rand) : undefined;
    const toApprove = roll >= 0.4 && roll < 0.46 ? pickAged(pools.created, i, LAG, rand) : undefined;
    const live = roll >= 0.46 && roll < 0.8 ? pickAged(pools.approved, i, LAG, rand) : undefined;
    const closing = roll >= 0.8 && roll < 0.95 ? pickAged(pools.created, i, LAG, rand) : undefined;
    const closed = roll >= 0.95 ? pickAged(pools.closed, i, LAG, rand) : undefined;
    if (owner) {
      const a = accounts.get(owner.id)!;
      const id = `${tag}-C${i}`;
      const action = rand() < 0.3;
      contactAccount.set(id, a.accountId);
      pools.created.push({ id, at: i });
      add(
        t.contacts,
        id,
        'crm.contact.CreateContact',
        createContact(id, a, action, `https://mypage.example.jp/c/${id}`),
      );
    } else if (toApprove) {
      pools.created.splice(pools.created.indexOf(toApprove), 1);
      pools.approved.push({ id: toApprove.id, at: i });
      const a = accounts.get(contactAccount.get(toApprove.id)!)!;
      add(
        t.contacts,
        toApprove.id,
        'crm.contact.UpdateContact',
        update(toApprove.id, { approvedBy: 'crm-reviewer-07' }),
        a.upsertId,
      );
    } else if (live) {
      // An edit after approval mails nothing; a second approval is refused.
      add(
        t.contacts,
        live.id,
        'crm.contact.UpdateContact',
        rand() < 0.8
          ? update(live.id, { title: `お知らせ（更新 ${i}）` })
          : update(live.id, { approvedBy: 'crm-reviewer-08' }),
      );
    } else if (closing) {
      pools.created.splice(pools.created.indexOf(closing), 1);
      pools.closed.push({ id: closing.id, at: i });
      if (rand() < 0.5)
        add(t.contacts, closing.id, 'crm.contact.DeleteContact', {
          contactId: closing.id,
          deletedBy: 'crm-operator-02',
        });
      else add(t.contacts, closing.id, 'crm.contact.UpdateContact', update(closing.id, { answerStatus: 'ANSWERED' }));
    } else if (closed) {
      // Approving a deleted or answered contact is refused: no event, no mail.
      add(t.contacts, closed.id, 'crm.contact.UpdateContact', update(closed.id, { approvedBy: 'crm-reviewer-07' }));
    } else {
      account(i);
    }
  };

  while (out.length < n) {
    const i = out.length;
    const roll = rand();
    if (roll < 0.4) card(i, rand());
    else if (roll < 0.5 || pools.owners.length < 5) account(i);
    else contact(i, rand());
    repeat(out, rand);
  }
  return { requests: out.slice(0, n), accounts, contactAccount, mailTag };
}

/** ~4 % an earlier request again (an upstream retry); ~1 % its requestId reused with other content on the same key. */
function repeat(out: ChaosRequest[], rand: () => number): void {
  const roll = rand();
  if (out.length < 50 || roll >= 0.05) return;
  const earlier = out[Math.floor(rand() * (out.length - 10))]!;
  if (roll < 0.04) {
    out.push(earlier);
    return;
  }
  const op = earlier.value.operation as Record<string, Record<string, unknown>>;
  const [branch, payload] = Object.entries(op)[0]!;
  out.push({
    ...earlier,
    value: { ...earlier.value, operation: { [branch]: { ...payload, ...otherContent(branch) } } },
  });
}

/** A change of one field each operation has (the Kafka key, hence the partition and the order, stays). */
function otherContent(branch: string): Record<string, unknown> {
  const name = branch.slice(branch.lastIndexOf('.') + 1);
  const change: Record<string, Record<string, unknown>> = {
    RegisterCard: {
      identity: { posId: null, posNumber: '99', posOperatorId: null, posOperatorNumber: 0, siteId: 'SITE-9' },
    },
    ActivateCard: { phoneNumber: '+48600999999' },
    ChangePhoneNumber: { phoneNumber: '+48600999998' },
    LockCard: { cardNumber: '1' },
    CreateContact: { createdBy: 'crm-operator-99' },
    UpdateContact: { updatedBy: 'crm-operator-99' },
    DeleteContact: { deletedBy: 'crm-operator-99' },
    UpsertAccount: { phone: '090-9999-9999' },
    UpdateAccountContact: { updatedBy: 'crm-operator-99' },
  };
  return change[name] ?? {};
}
