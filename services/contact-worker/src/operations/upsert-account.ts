// UpsertAccount (docs/rules.md#accounts, from the web application): creates the account
// or replaces its contact details (createdAt kept); the personalId cannot change. The codes
// below are every answer it can give: its decision's, the runtime's (a request it cannot
// read, a requestId reused, a payload refused here) and an unexpected failure's.
import { type Decision, type Detail, operation } from '@workers/runtime/pure';
import type { AccountRecord, Crypto, UpsertAccount } from '../domain/account-types';
import { checkEmail, checkIds, checkMailDelivery, checkPhone } from '../domain/account-validate';
import { type AccountStatuses, both, byAccount, rejected, sealEmail, sealPhone, succeeded } from './account-shared';

export function validateUpsert(req: UpsertAccount): Detail[] {
  const out: Detail[] = [];
  checkIds(req, out);
  checkEmail(req.email, out);
  checkPhone(req.phone, out);
  if (typeof req.externalAuth !== 'boolean') out.push({ field: 'externalAuth', reason: 'must be true or false' });
  checkMailDelivery(req.mailDelivery, out);
  return out;
}

/** UpsertAccount: creates the account or replaces its contact details (createdAt kept); the personalId cannot change. */
export function decideUpsert(
  existing: AccountRecord | null,
  req: UpsertAccount,
  now: number,
  crypto: Crypto,
): Decision<AccountRecord> {
  if (existing && existing.personalId !== req.personalId) return rejected('PersonalIdMismatch', req.accountId);
  const sealed = both(sealEmail(req.email, crypto), req.phone === null ? null : sealPhone(req.phone, crypto));
  if (Array.isArray(sealed)) return rejected('ValidationFailed', req.accountId, sealed);
  const { email, phone } = sealed;
  return succeeded({
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
  });
}

/** `cryptoFor` gives the Crypto of one account (store/account-crypto.ts): it encrypts and hashes its e-mail and phone. */
export const upsertAccount = (cryptoFor: (accountId: string) => Crypto) =>
  operation<UpsertAccount, AccountRecord>({
    ...byAccount,
    validate: validateUpsert,
    decide: (cur, req, ctx) => decideUpsert(cur, req, ctx.now, cryptoFor(req.accountId)),
    codes: {
      Success: 200,
      PersonalIdMismatch: 409,
      ValidationFailed: 400,
      DuplicateRequestId: 409,
      MalformedRequest: 400,
      InternalError: 500,
    } satisfies AccountStatuses,
    errorCode: 'InternalError',
  });
