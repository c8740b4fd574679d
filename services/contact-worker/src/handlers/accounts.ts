// The account handlers (連絡先): validate, decide with the pure rules (which seal
// e-mail and phone through the injected crypto), write through the marked store.
import { applyOnce, type Handler, type HandlerContext, type Outcome, type Step } from '@workers/runtime';
import { decideUpdateContact, decideUpsert, type AccountVerdict } from '../domain/account-rules';
import type { AccountOperationName, AccountRecord, UpdateAccountContact, UpsertAccount } from '../domain/account-types';
import { validateUpdateContact, validateUpsert } from '../domain/account-validate';
import type { ContactHandlerDeps } from './deps';

function toStep(v: AccountVerdict, accountId: string): Step<AccountRecord> {
  if (v.kind === 'reject') return { outcome: { code: v.code, ...(v.details ? { details: v.details } : {}), entity: { accountId } } };
  return { outcome: { code: 'Success', entity: { accountId } }, write: v.next };
}

const invalid = (accountId: string, details: Outcome['details']): Outcome => ({ code: 'ValidationFailed', details, entity: { accountId } });

export function accountHandlers(deps: Required<ContactHandlerDeps>): Record<AccountOperationName, Handler> {
  const { accounts, clock, crypto } = deps;
  return {
    UpsertAccount: async (payload: unknown, ctx: HandlerContext) => {
      const req = payload as UpsertAccount;
      const details = validateUpsert(req);
      if (details.length > 0) return invalid(req.accountId, details);
      return applyOnce(accounts, req.accountId, ctx.requestId, (cur) => toStep(decideUpsert(cur, req, clock.now(), crypto), req.accountId));
    },
    UpdateAccountContact: async (payload: unknown, ctx: HandlerContext) => {
      const req = payload as UpdateAccountContact;
      const details = validateUpdateContact(req);
      if (details.length > 0) return invalid(req.accountId, details);
      return applyOnce(accounts, req.accountId, ctx.requestId, (cur) => toStep(decideUpdateContact(cur, req, clock.now(), crypto), req.accountId));
    },
  };
}
