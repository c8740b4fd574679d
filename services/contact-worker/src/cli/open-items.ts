// `npm run open-items -- --personal-id P-1000` (or --account-id): lists a customer's
// valid, unanswered action requests (対応されていない情報), one JSON line each,
// or a table with --table. Reads MONGODB_URI and MONGODB_DB (default workers).
// Exit codes: 0 listed (possibly none), 1 failure, 2 bad usage or configuration.
import { Command } from 'commander';
import { MongoClient } from 'mongodb';
import { listOpenItems, OpenItemsError } from '../store/open-items';

const program = new Command('open-items')
  .description("list a customer's valid, unanswered action requests (お客さんが対応されていない情報)")
  .option('--personal-id <id>', 'the customer (個人ID)')
  .option('--account-id <id>', 'the customer, by one of their accounts')
  .option('--table', 'a human-readable table instead of JSON lines')
  .action(async (o: { personalId?: string; accountId?: string; table?: boolean }) => {
    const uri = process.env.MONGODB_URI;
    if (!uri) {
      process.stderr.write('open-items: MONGODB_URI is not set (for the local stack: set -a; . .stack/env; set +a)\n');
      process.exit(2);
    }
    if (!o.personalId && !o.accountId) {
      process.stderr.write('open-items: give --personal-id or --account-id\n');
      process.exit(2);
    }
    const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
    try {
      const items = await listOpenItems(client.db(process.env.MONGODB_DB ?? 'workers'), o);
      if (o.table) {
        const rows = items.map((i) => ({ contactId: i.contactId, type: i.actionRequestType, policy: i.policyNumber ?? '', publishAt: new Date(i.publishAt).toISOString(), published: i.published, title: i.title }));
        if (rows.length) console.table(rows);
        process.stdout.write(`${items.length} open item(s)\n`);
      } else {
        for (const i of items) process.stdout.write(`${JSON.stringify(i)}\n`);
      }
    } finally {
      await client.close();
    }
  });

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`open-items: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(err instanceof OpenItemsError ? 2 : 1);
});
