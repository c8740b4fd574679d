// What the account operations share: the entity they act on (one account, keyed by
// its accountId), the answers their decisions give, and the sealing of the e-mail and
// phone. Contract of every answer: it names the account; a success writes `next`. E-mail
// and phone reach a record only through crypto.encrypt, the e-mail hash only through
// crypto.hash(emailHashKey(email)); an invalid e-mail or phone met in a decision is a
// ValidationFailed, never a throw.
import type { Decision, Detail } from '@workers/runtime/pure';
import type { AccountCode } from '../domain/codes';
import type { AccountRecord, Crypto, EncryptedField } from '../domain/account-types';
import { emailHashKey, normalizeEmail, toE164 } from '../domain/account-validate';
import { ACCOUNTS } from '../store/collections';

/** An operation's codes with their statuses: account codes only (each has its texts in messages/). */
export type AccountStatuses = Partial<Readonly<Record<AccountCode, number>>>;

/** Entity, key and the reply's entity of an answer given without a decision (validation, errors). */
export const byAccount = {
  entity: ACCOUNTS,
  key: (r: { accountId: string }) => r.accountId,
  replyEntity: (_r: unknown, accountId: string) => ({ accountId }),
};

/** Answers `code` (and `details` for ValidationFailed) for the account, writing nothing. */
export function rejected(
  code: Exclude<AccountCode, 'Success'>,
  accountId: string,
  details?: Detail[],
): Decision<AccountRecord> {
  return { outcome: { code, ...(details ? { details } : {}), entity: { accountId } } };
}

/** Answers Success for the account and writes `next`. */
export function succeeded(next: AccountRecord): Decision<AccountRecord> {
  return { outcome: { code: 'Success', entity: { accountId: next.accountId } }, write: next };
}

const BAD_EMAIL: Detail = { field: 'email', reason: 'is not a valid e-mail address' };
const BAD_PHONE: Detail = { field: 'phone', reason: 'is not a valid phone number' };

export type SealedEmail = { email: EncryptedField; emailHash: string };

/** Encrypted e-mail and its hash, or undefined for an invalid address. */
export function sealEmail(raw: string, crypto: Crypto): SealedEmail | undefined {
  const email = normalizeEmail(raw);
  return email === undefined
    ? undefined
    : { email: crypto.encrypt(email, 'email'), emailHash: crypto.hash(emailHashKey(email)) };
}

/** Encrypted E.164 phone; null for a blank one (none / removed); undefined for an invalid one. */
export function sealPhone(raw: string, crypto: Crypto): EncryptedField | null | undefined {
  if (raw.trim() === '') return null;
  const e164 = toE164(raw);
  return e164 === undefined ? undefined : crypto.encrypt(e164, 'phone');
}

/** Both sealed, or the details naming what could not be (never the value). */
export function both(
  email: SealedEmail | undefined,
  phone: EncryptedField | null | undefined,
): { email: SealedEmail; phone: EncryptedField | null } | Detail[] {
  if (email !== undefined && phone !== undefined) return { email, phone };
  return [...(email === undefined ? [BAD_EMAIL] : []), ...(phone === undefined ? [BAD_PHONE] : [])];
}
