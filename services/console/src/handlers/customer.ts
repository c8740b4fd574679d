// GET /customer?account=…|personal=…: a customer's accounts (personal data masked),
// open items (ops open-items) and mail status (ops mail-status). POST /api/reveal (write access): one
// field of one account in clear, for the operator who asked; the log line names the
// operator, the account and the field, never the value.
import { listOpenItems, mailStatus, OpenItemsError, type OpenItem } from '@workers/ops';
import { HttpError, htmlReply, jsonReply, type Handler } from '../http/types';
import { findAccounts, REVEALABLE, revealField, type Revealable } from '../store/accounts';
import { customerView } from '../views/customer';
import type { Html } from '../views/html';
import { frame } from './frame';

export const customerPage: Handler = async (req, d) => {
  const accountId = (req.url.searchParams.get('account') ?? '').trim().slice(0, 128);
  const personalId = (req.url.searchParams.get('personal') ?? '').trim().slice(0, 128);
  const samePersonAs = (req.url.searchParams.get('same-person') ?? '').trim().slice(0, 128);
  let view: Html;
  if (!accountId && !personalId && !samePersonAs) {
    view = customerView({
      accountId,
      personalId,
      accounts: [],
      openItems: [],
      mails: [],
      canReveal: false,
      note: null,
    });
  } else {
    const accounts = await findAccounts(
      d.db,
      accountId ? { accountId } : samePersonAs ? { samePersonAs } : { personalId },
    );
    const person = accounts[0]?.personalId ?? personalId;
    let openItems: OpenItem[] = [];
    let note: string | null =
      accounts.length === 0
        ? `No account ${accountId || (samePersonAs ? `like ${samePersonAs}` : `of ${personalId}`)}.`
        : null;
    if (person) {
      openItems = await listOpenItems(d.db, { personalId: person }).catch((err: unknown) => {
        if (!(err instanceof OpenItemsError)) throw err;
        note = err.message;
        return [];
      });
    }
    // A mail to an address several of these accounts share is one row, whichever account asked.
    const rows = (await Promise.all(accounts.map((a) => mailStatus(d.db, { accountId: a.accountId })))).flat();
    const mails = [...new Map(rows.map((r) => [JSON.stringify(r), r])).values()];
    view = customerView({
      accountId: accountId || samePersonAs,
      personalId,
      accounts,
      openItems,
      mails,
      canReveal: !!d.config.CONSOLE_TOKEN && !!d.crypto,
      note,
    });
  }
  return htmlReply(frame(d, req, '/customer', 'Customer', view));
};

export const revealApi: Handler = async (req, d) => {
  const b = req.body as { accountId?: unknown; field?: unknown } | null;
  if (typeof b?.accountId !== 'string' || b.accountId.length === 0 || b.accountId.length > 128)
    throw new HttpError(400, 'accountId is required');
  if (typeof b.field !== 'string' || !(REVEALABLE as readonly string[]).includes(b.field))
    throw new HttpError(400, `field must be one of ${REVEALABLE.join(', ')}`);
  if (!d.crypto) throw new HttpError(409, 'the console has no EMAIL_KEY: it cannot decrypt personal data');
  const field = b.field as Revealable;
  const value = await revealField(d.db, d.crypto, b.accountId, field);
  if (value === null) throw new HttpError(404, `account ${b.accountId} has no ${field}`);
  d.logger.info('console.revealed', { operator: req.operator, accountId: b.accountId, field });
  return jsonReply({ accountId: b.accountId, field, value });
};
