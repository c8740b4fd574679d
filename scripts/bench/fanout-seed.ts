// What the fan-out benchmark writes straight into a fresh database, in the contact
// worker's document shapes (the runtime's entity store adds `_id`, `_rev` and
// `_marks` to each record): accounts with encrypted addresses, and one approved,
// valid ALL contact with the ContactApproved event its approval publishes.
import type { Db, Document } from 'mongodb';
import { type ContactApproved, type ContactEvent, sealedAt } from '@workers/contracts';
import type { FieldCrypto } from '@workers/runtime';

/** Inserts `n` accounts (every 7th with mail STOPPED) at `address(i)`; resolves with how many have mail enabled. */
export async function seedAccounts(
  db: Db,
  crypto: FieldCrypto,
  n: number,
  address: (i: number) => string,
): Promise<number> {
  const now = Date.now();
  const docs = Array.from({ length: n }, (_, i) => {
    const id = String(i).padStart(6, '0');
    return {
      _id: `A-${id}`,
      _rev: 1,
      _marks: '[]',
      accountId: `A-${id}`,
      personalId: `P-${id}`,
      email: crypto.encrypt(address(i), sealedAt('accounts', `A-${id}`, 'email')),
      emailHash: crypto.hash(address(i)),
      phone: null,
      externalAuth: false,
      mailDelivery: i % 7 === 3 ? 'STOPPED' : 'ENABLED',
      createdAt: now,
      updatedAt: now,
      updatedBy: null,
      version: 1,
    };
  });
  const accounts = db.collection<Document & { _id: string }>('accounts');
  for (let i = 0; i < docs.length; i += 500) await accounts.insertMany(docs.slice(i, i + 500));
  return docs.filter((d) => d.mailDelivery === 'ENABLED').length;
}

/** A broadcast notice approved at `now`, due at once: the stored contact and its approval event. */
export function approvedBroadcast(
  contactId: string,
  now: number,
): { document: Document & { _id: string }; event: ContactEvent } {
  const approved: ContactApproved = {
    contactId,
    audience: 'ALL',
    personalId: null,
    accountId: null,
    kind: 'NOTICE',
    title: 'メンテナンスのお知らせ',
    linkUrl: null,
    publishAt: now,
    approvedBy: 'bench-approver',
    approvedAt: now,
  };
  const document = {
    _id: contactId,
    _rev: 2,
    _marks: '[]',
    ...approved,
    actionRequestType: null,
    policyNumber: null,
    body: 'システムメンテナンスを行います。',
    sender: { name: 'SystemAdmin', type: 'SYSTEM' },
    createdBy: 'bench-operator',
    createdAt: now,
    contentUpdatedBy: 'bench-operator',
    valid: true,
    answerStatus: 'NOT_APPLICABLE',
    deleted: false,
    deletedBy: null,
    deletedAt: null,
    updatedBy: 'bench-approver',
    updatedAt: now,
    version: 2,
    createRequestId: `bench-${contactId}`,
    mailSent: false,
    mailSentAt: null,
    mailSettledAt: null,
    mailOutcome: null,
  };
  return { document, event: { eventId: `ev-${contactId}`, occurredAt: now, event: approved } };
}
