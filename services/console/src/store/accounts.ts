// The contact worker's `accounts` (one per accountId; e-mail and phone AES-256-GCM
// encrypted, see services/runtime field-crypto.ts), as the customer view shows them:
// which fields are set, never their values. revealField decrypts one field of one
// account for an operator who asked for it on purpose.
import type { Db } from 'mongodb';
import { sealedAt } from '@workers/contracts';
import type { EncryptedField, FieldCrypto } from '@workers/runtime';

/** What an operator may reveal: e-mail and phone (encrypted at rest), and the personal id (plain). */
export const REVEALABLE = ['email', 'phone', 'personalId'] as const;
export type Revealable = (typeof REVEALABLE)[number];

export interface AccountSummary {
  accountId: string;
  personalId: string;
  hasEmail: boolean;
  hasPhone: boolean;
  mailDelivery: string;
  externalAuth: boolean;
  updatedAt: number | null;
  updatedBy: string | null;
}

interface Doc {
  _id: string;
  personalId: string;
  email?: EncryptedField | null;
  phone?: EncryptedField | null;
  mailDelivery: string;
  externalAuth?: boolean;
  updatedAt?: number;
  updatedBy?: string | null;
}

const SUMMARY = { personalId: 1, mailDelivery: 1, externalAuth: 1, updatedAt: 1, updatedBy: 1, email: 1, phone: 1 };

const summary = (d: Doc): AccountSummary => ({
  accountId: d._id,
  personalId: d.personalId,
  hasEmail: !!d.email,
  hasPhone: !!d.phone,
  mailDelivery: d.mailDelivery,
  externalAuth: d.externalAuth === true,
  updatedAt: d.updatedAt ?? null,
  updatedBy: d.updatedBy ?? null,
});

/**
 * The customer's accounts: the one named, every account of the personalId, or every
 * account of the person who holds `samePersonAs` (at most 50).
 */
export async function findAccounts(
  db: Db,
  who: { accountId?: string; personalId?: string; samePersonAs?: string },
): Promise<AccountSummary[]> {
  const c = db.collection<Doc>('accounts');
  if (who.samePersonAs) {
    const d = await c.findOne({ _id: who.samePersonAs }, { projection: { personalId: 1 } });
    return d ? findAccounts(db, { personalId: d.personalId }) : [];
  }
  if (who.accountId) {
    const d = await c.findOne({ _id: who.accountId }, { projection: SUMMARY });
    return d ? [summary(d)] : [];
  }
  if (!who.personalId) return [];
  return (
    await c.find({ personalId: who.personalId }, { projection: SUMMARY }).sort({ _id: 1 }).limit(50).toArray()
  ).map(summary);
}

/** The clear value of one field; null when the account or the field does not exist. Throws when it cannot be decrypted. */
export async function revealField(
  db: Db,
  crypto: FieldCrypto,
  accountId: string,
  field: Revealable,
): Promise<string | null> {
  const d = await db.collection<Doc>('accounts').findOne({ _id: accountId }, { projection: { [field]: 1 } });
  if (field === 'personalId') return d?.personalId ?? null;
  const sealed = d?.[field];
  return sealed ? crypto.decrypt(sealed, sealedAt('accounts', accountId, field)) : null;
}
