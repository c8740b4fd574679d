// DeleteContact (docs/rules.md#contacts): a logical delete, recorded as the last update;
// the document stays, marked deleted. No mail, and a mail not yet sent for the contact is
// never sent. The codes below are every answer it can give: its decision's, the
// runtime's (a request it cannot read, a requestId reused, a payload refused here) and
// an unexpected failure's.
import { type Decision, type Detail, operation } from '@workers/runtime/pure';
import { checkId, checkName } from '../domain/contact-validate';
import type { ContactRecord, DeleteContact } from '../domain/types';
import { byContact, type ContactStatuses, rejected, succeeded } from './contact-shared';

export function validateDelete(req: DeleteContact): Detail[] {
  const out: Detail[] = [];
  checkId('contactId', req.contactId, out);
  checkName('deletedBy', req.deletedBy, out);
  return out;
}

/** DeleteContact: logical delete, recorded as the last update; no mail. */
export function decideDelete(existing: ContactRecord | null, req: DeleteContact, now: number): Decision<ContactRecord> {
  if (!existing) return rejected('ContactNotFound', req.contactId);
  if (existing.deleted) return rejected('ContactDeleted', req.contactId);
  return succeeded(
    {
      ...existing,
      sender: { ...existing.sender },
      deleted: true,
      deletedBy: req.deletedBy,
      deletedAt: now,
      updatedBy: req.deletedBy,
      updatedAt: now,
      version: existing.version + 1,
    },
    true,
  );
}

export const deleteContact = () =>
  operation<DeleteContact, ContactRecord>({
    ...byContact,
    validate: validateDelete,
    decide: (cur, req, ctx) => decideDelete(cur, req, ctx.now),
    codes: {
      Success: 200,
      ContactNotFound: 404,
      ContactDeleted: 409,
      DuplicateRequestId: 409,
      MalformedRequest: 400,
      ValidationFailed: 400,
      InternalError: 500,
    } satisfies ContactStatuses,
    errorCode: 'InternalError',
  });
