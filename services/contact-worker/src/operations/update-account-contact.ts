// UpdateAccountContact (連絡先更新, docs/rules.md#accounts, from the CRM when a customer
// registered wrong details): changes the e-mail, phone and / or mail delivery of an
// existing account whose personalId matches. The codes below are every answer it can
// give: its decision's, the runtime's (a request it cannot read, a requestId reused, a
// payload refused here) and an unexpected failure's.
import { controlCharReason, type Decision, type Detail, operation } from '@workers/runtime/pure';
import type { AccountRecord, Crypto, UpdateAccountContact } from '../domain/account-types';
import { checkEmail, checkIds, MAX_NAME, checkMailDelivery, checkPhone } from '../domain/account-validate';
import { type AccountStatuses, both, byAccount, rejected, sealEmail, sealPhone, succeeded } from './account-shared';

export function validateUpdateContact(req: UpdateAccountContact): Detail[] {
  const out: Detail[] = [];
  checkIds(req, out);
  if (req.email !== null) checkEmail(req.email, out);
  checkPhone(req.phone, out);
  checkMailDelivery(req.mailDelivery, out);
  const by = req.updatedBy;
  if (by.trim() === '') out.push({ field: 'updatedBy', reason: 'must not be empty' });
  else if (by !== by.trim()) out.push({ field: 'updatedBy', reason: 'must not start or end with whitespace' });
  else if ([...by].length > MAX_NAME)
    out.push({ field: 'updatedBy', reason: `must be at most ${MAX_NAME} characters` });
  else {
    // Shown on the console's customer page: no control characters (runtime control-chars.ts).
    const reason = controlCharReason(by);
    if (reason !== null) out.push({ field: 'updatedBy', reason });
  }
  return out;
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
): Decision<AccountRecord> {
  if (!existing) return rejected('AccountNotFound', req.accountId);
  if (existing.personalId !== req.personalId) return rejected('PersonalIdMismatch', req.accountId);
  if (req.email === null && req.phone === null && req.mailDelivery === null) {
    return rejected('ValidationFailed', req.accountId, [
      { field: 'operation', reason: 'must change at least one of email, phone, mailDelivery' },
    ]);
  }
  const sealed = both(
    req.email === null ? { email: existing.email, emailHash: existing.emailHash } : sealEmail(req.email, crypto),
    req.phone === null ? existing.phone : sealPhone(req.phone, crypto),
  );
  if (Array.isArray(sealed)) return rejected('ValidationFailed', req.accountId, sealed);
  const { email, phone } = sealed;
  return succeeded({
    ...existing,
    email: email.email,
    emailHash: email.emailHash,
    phone,
    mailDelivery: req.mailDelivery ?? existing.mailDelivery,
    updatedAt: now,
    updatedBy: req.updatedBy,
    version: existing.version + 1,
  });
}

/** `cryptoFor` gives the Crypto of one account (store/account-crypto.ts): it encrypts and hashes its e-mail and phone. */
export const updateAccountContact = (cryptoFor: (accountId: string) => Crypto) =>
  operation<UpdateAccountContact, AccountRecord>({
    ...byAccount,
    validate: validateUpdateContact,
    decide: (cur, req, ctx) => decideUpdateContact(cur, req, ctx.now, cryptoFor(req.accountId)),
    codes: {
      Success: 200,
      AccountNotFound: 404,
      PersonalIdMismatch: 409,
      ValidationFailed: 400,
      DuplicateRequestId: 409,
      MalformedRequest: 400,
      InternalError: 500,
    } satisfies AccountStatuses,
    errorCode: 'InternalError',
  });
