// `ops open-items --personal-id <id> | --account-id <id>`: a customer's valid,
// unanswered action requests (お客さんが対応されていない情報), read from the contact
// worker's database: one JSON line each, or a table with --table. Exit 0 listed
// (possibly none); 2 for an unknown account or missing arguments.
import { Command } from 'commander';
import { MongoClient } from 'mongodb';
import { listOpenItems, OpenItemsError } from '@workers/contact-worker';
import { configured } from '../action';
import { EXIT, usageError } from '../exit';
import { print } from '../output';

interface Options {
  personalId?: string;
  accountId?: string;
  table?: boolean;
}

export function openItemsCommand(): Command {
  return new Command('open-items')
    .description("list a customer's valid, unanswered action requests (お客さんが対応されていない情報)")
    .option('--personal-id <id>', 'the customer (個人ID)')
    .option('--account-id <id>', 'the customer, by one of their accounts')
    .option('--table', 'a table for people instead of JSON lines')
    .addHelpText('after', "\nReads MONGODB_URI and MONGODB_DB (default workers), the contact worker's database.")
    .action(
      configured(['mongodb'], async (config, o: Options) => {
        if (!o.personalId && !o.accountId) throw usageError('give --personal-id or --account-id');
        const client = await MongoClient.connect(config.MONGODB_URI ?? '', { serverSelectionTimeoutMS: 10_000 });
        try {
          const items = await listOpenItems(client.db(config.MONGODB_DB), o).catch((err: unknown) => {
            throw err instanceof OpenItemsError ? usageError(err.message) : err;
          });
          if (o.table) {
            const rows = items.map((i) => ({
              contactId: i.contactId,
              type: i.actionRequestType,
              policy: i.policyNumber ?? '',
              publishAt: new Date(i.publishAt).toISOString(),
              published: i.published,
              title: i.title,
            }));
            if (rows.length > 0) console.table(rows);
            print(`${items.length} open item(s)`);
          } else {
            for (const i of items) print(JSON.stringify(i));
          }
          return EXIT.ok;
        } finally {
          await client.close();
        }
      }),
    );
}
