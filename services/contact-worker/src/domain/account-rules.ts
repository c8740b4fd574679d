// Pure decisions of the account operations (docs/rules.md#accounts). Contract: each function
// takes the stored record (null when the account is unknown), the request, the time
// and the injected Crypto, and returns an AccountVerdict without touching its inputs:
//   reject: answer with `code` (and `details` for ValidationFailed), write nothing;
//   apply:  write `next` (version + 1, or 1 for a new account), then answer Success.
// E-mail and phone reach `next` only through crypto.encrypt, the e-mail hash only
// through crypto.hash(emailHashKey(email)). Requests are validated first; an invalid
// e-mail or phone met here is still a ValidationFailed, never a throw.
import type { Detail } from '@workers/runtime';
import type { AccountCode } from './account-codes';
import type { AccountRecord, Crypto, EncryptedField, UpdateAccountContact, UpsertAccount } from './account-types';
import { emailHashKey, normalizeEmail, toE164 } from './account-validate';

export type AccountRejectCode = Exclude<AccountCode, 'Success'>;

export type AccountVerdict =
  | { kind: 'reject'; code: AccountRejectCode; details?: Detail[] }
  | { kind: 'apply'; next: AccountRecord };

const reject = (code: AccountRejectCode, details?: Detail[]): AccountVerdict =>
  details ? { kind: 'reject', code, details } : { kind: 'reject', code };

const BAD_EMAIL: Detail = { field: 'email', reason: 'is not a valid e-mail address' };
const BAD_PHONE: Detail = { field: 'phone', reason: 'is not a valid phone number' };

type SealedEmail = { email: EncryptedField; emailHash: string };

/** Encrypted e-mail and its hash, or undefined for an invalid address. */
function sealEmail(raw: string, crypto: Crypto): SealedEmail | undefined {
  const email = normalizeEmail(raw);
  return email === undefined
    ? undefined
    : { email: crypto.encrypt(email, 'email'), emailHash: crypto.hash(emailHashKey(email)) };
}

/** Encrypted E.164 phone; null for a blank one (none / removed); undefined for an invalid one. */
function sealPhone(raw: string, crypto: Crypto): EncryptedField | null | undefined {
  if (raw.trim() === '') return null;
  const e164 = toE164(raw);
  return e164 === undefined ? undefined : crypto.encrypt(e164, 'phone');
}

/** Both sealed, or the details naming what could not be (never the value). */
function both(
  email: SealedEmail | undefined,
  phone: EncryptedField | null | undefined,
): { email: SealedEmail; phone: EncryptedField | null } | Detail[] {
  if (email !== undefined && phone !== undefined) return { email, phone };
  return [...(email === undefined ? [BAD_EMAIL] : []), ...(phone === undefined ? [BAD_PHONE] : [])];
}

/** UpsertAccount: creates the account or replaces its contact details (createdAt kept); the personalId cannot change. */
export function decideUpsert(
  existing: AccountRecord | null,
  req: UpsertAccount,
  now: number,
  crypto: Crypto,
): AccountVerdict {
  if (existing && existing.personalId !== req.personalId) return reject('PersonalIdMismatch');
  const sealed = both(sealEmail(req.email, crypto), req.phone === null ? null : sealPhone(req.phone, crypto));
  if (Array.isArray(sealed)) return reject('ValidationFailed', sealed);
  const { email, phone } = sealed;
  return {
    kind: 'apply',
    next: {
      accountId: req.accountId,
      personalId: req.personalId,
      email: email.email,
      emailHash: email.emailHash,
      phone,
      externalAuth: req.externalAuth,
      mailDelivery: req.mailDelivery,
      createdAt: existing ? existing.createdAt : now,
      updatedAt: now,
      updatedBy: null,
      version: existing ? existing.version + 1 : 1,
    },
  };
}

/**
 * UpdateAccountContact (連絡先更新): changes the e-mail, phone and / or mail delivery of
 * an existing account whose personalId matches. Changing the e-mail of an
 * external-auth account is allowed: it only changes where mail goes.
 */
export function decideUpdateContact(
  existing: AccountRecord | null,
  req: UpdateAccountContact,
  now: number,
  crypto: Crypto,
): AccountVerdict {
  if (!existing) return reject('AccountNotFound');
  if (existing.personalId !== req.personalId) return reject('PersonalIdMismatch');
  if (req.email === null && req.phone === null && req.mailDelivery === null) {
    return reject('ValidationFailed', [
      { field: 'operation', reason: 'must change at least one of email, phone, mailDelivery' },
    ]);
  }
  const sealed = both(
    req.email === null ? { email: existing.email, emailHash: existing.emailHash } : sealEmail(req.email, crypto),
    req.phone === null ? existing.phone : sealPhone(req.phone, crypto),
  );
  if (Array.isArray(sealed)) return reject('ValidationFailed', sealed);
  const { email, phone } = sealed;
  return {
    kind: 'apply',
    next: {
      ...existing,
      email: email.email,
      emailHash: email.emailHash,
      phone,
      mailDelivery: req.mailDelivery ?? existing.mailDelivery,
      updatedAt: now,
      updatedBy: req.updatedBy,
      version: existing.version + 1,
    },
  };
}
