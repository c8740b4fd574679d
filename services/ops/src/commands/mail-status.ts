// `ops mail-status --account <id> | --contact <id> [--json] [--show-address]`: what was
// mailed to an account or for a contact, with outcome and times (配信の状態を見たい),
// read from the mail worker's records: a table, or one JSON line per mail with --json.
// No address is printed unless --show-address is given and the e-mail keys are set
// (then the account's current address, which may differ from the one mailed then).
// Exit 0 listed (possibly none); 2 for missing arguments or keys.
import { Command } from 'commander';
import { MongoClient, type Db } from 'mongodb';
import { sealedAt } from '@workers/contracts';
import { fieldCryptoFromConfig, KeyError, type EncryptedField } from '@workers/runtime';
import { configured } from '../action';
import type { OpsConfig } from '../config';
import { EXIT, usageError } from '../exit';
import { mailStatus, type MailStatusRow } from '../mail-status';
import { print } from '../output';

interface Options {
  account?: string;
  contact?: string;
  json?: boolean;
  showAddress?: boolean;
}

const TIMES = ['createdAt', 'updatedAt', 'sentAt', 'nextAttemptAt'] as const;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The decrypting function, or why it cannot be had (the keys are the contact worker's). */
function opener(config: OpsConfig): (e: EncryptedField, accountId: string) => string {
  try {
    const crypto = fieldCryptoFromConfig(config);
    return (e, accountId) => crypto.decrypt(e, sealedAt('accounts', accountId, 'email'));
  } catch (err) {
    if (err instanceof KeyError) throw usageError(`--show-address needs the e-mail keys: ${err.message}`);
    throw err;
  }
}

async function addresses(
  db: Db,
  rows: MailStatusRow[],
  open: (e: EncryptedField, accountId: string) => string,
): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.accountId ? [r.accountId] : [])))];
  const docs = await db
    .collection<{ _id: string; email?: EncryptedField }>('accounts')
    .find({ _id: { $in: ids } }, { projection: { email: 1 } })
    .toArray();
  return new Map(docs.flatMap((d) => (d.email ? [[d._id, open(d.email, d._id)] as const] : [])));
}

export function mailStatusCommand(): Command {
  return new Command('mail-status')
    .description('list what was mailed to an account or for a contact, with outcome and times (配信の状態)')
    .option('--account <id>', 'the account (every mail naming it, and mails still to come)')
    .option('--contact <id>', 'the contact (every recipient of it)')
    .option('--json', 'one JSON line per mail instead of a table')
    .option(
      '--show-address',
      "add the account's current e-mail address (needs EMAIL_KEY, EMAIL_HASH_KEY and EMAIL_KEY_ID / EMAIL_PREVIOUS_KEYS)",
    )
    .addHelpText(
      'after',
      "\nReads MONGODB_URI and MONGODB_DB (default workers), the workers' database. Statuses: SENT, DEFERRED (a retry is due at\n" +
        'nextAttemptAt), SENDING, FAILED, IN_DOUBT (maybe delivered, never resent), SKIPPED_* (with the reason), SCHEDULED.',
    )
    .action(
      configured(['mongodb'], async (config, o: Options) => {
        if (!o.account && !o.contact) throw usageError('give --account or --contact');
        const open = o.showAddress ? opener(config) : undefined;
        const client = await MongoClient.connect(config.MONGODB_URI ?? '', { serverSelectionTimeoutMS: 10_000 });
        try {
          const db = client.db(config.MONGODB_DB);
          const rows = await mailStatus(db, { accountId: o.account, contactId: o.contact });
          const shown = open ? await addresses(db, rows, open) : undefined;
          const out = rows.map((r) => ({
            ...r,
            ...Object.fromEntries(TIMES.map((t) => [t, iso(r[t])])),
            ...(shown ? { address: r.accountId ? (shown.get(r.accountId) ?? null) : null } : {}),
          }));
          if (o.json) {
            for (const r of out) print(JSON.stringify(r));
          } else {
            if (out.length > 0) {
              console.table(
                out.map((r) => ({
                  contact: r.contactId,
                  audience: r.audience,
                  account: r.accountId,
                  shared: r.sharedWith.join(' '),
                  status: r.status,
                  reason: r.reason ?? '',
                  attempts: r.attempts,
                  updated: r.updatedAt,
                  sent: r.sentAt ?? '',
                  next: r.nextAttemptAt ?? '',
                  messageId: r.messageId ?? '',
                  ...('address' in r ? { address: r.address } : {}),
                })),
              );
            }
            print(`${out.length} mail(s)`);
          }
          return EXIT.ok;
        } finally {
          await client.close();
        }
      }),
    );
}
