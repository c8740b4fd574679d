// `ops rekey [--json]`: re-encrypts every encrypted personal field (accounts' e-mail
// and phone, cards' phone) under the current key, so that an earlier key can be
// removed from the configuration; prints per field how many were scanned,
// re-encrypted, already current and failed, then each failure (collection,
// document id, field, why: never a value). Exit 0 when nothing failed, 1 when
// something did (run again once it is fixed: the run is idempotent), 2 for missing
// configuration or keys. Safe while the workers run (rekey-run.ts).
import { Command } from 'commander';
import { MongoClient } from 'mongodb';
import { fieldCryptoFromConfig, KeyError } from '@workers/runtime';
import { configured } from '../action';
import { EXIT, usageError } from '../exit';
import { note, print, printJson } from '../output';
import { type FieldCounts, rekey } from './rekey-run';

const ROTATION = `
Rotating a key:
  1. give every worker, the console and this command the new key as EMAIL_KEY under a new EMAIL_KEY_ID,
     and the old one in EMAIL_PREVIOUS_KEYS ("oldkid:base64"); restart them (they write with the new key);
  2. run \`ops rekey\` until it reports 0 failed;
  3. remove the old key from EMAIL_PREVIOUS_KEYS everywhere.
A field under a key no longer configured is reported failed and left as it is. EMAIL_HASH_KEY is not
rotated (look-ups by e-mail hash and phone comparisons depend on it).
Reads MONGODB_URI and MONGODB_DB (default workers), the workers' database.`;

const total = (rows: FieldCounts[]): FieldCounts =>
  rows.reduce(
    (t, c) => ({
      scanned: t.scanned + c.scanned,
      reencrypted: t.reencrypted + c.reencrypted,
      current: t.current + c.current,
      failed: t.failed + c.failed,
    }),
    { scanned: 0, reencrypted: 0, current: 0, failed: 0 },
  );

export function rekeyCommand(): Command {
  return new Command('rekey')
    .description('re-encrypt every encrypted field under the current key (EMAIL_KEY_ID), so an old key can be removed')
    .option('--json', 'one JSON object (fields, totals, failures) instead of lines')
    .option('--page-size <n>', 'documents read per query', (v) => Number.parseInt(v, 10), 500)
    .addHelpText('after', ROTATION)
    .action(
      configured(['mongodb'], async (config, o: { json?: boolean; pageSize: number }) => {
        if (!Number.isInteger(o.pageSize) || o.pageSize < 1) throw usageError('--page-size must be a positive integer');
        let crypto: ReturnType<typeof fieldCryptoFromConfig>;
        try {
          crypto = fieldCryptoFromConfig(config);
        } catch (err) {
          if (err instanceof KeyError) throw usageError(`rekey needs the keys: ${err.message}`);
          throw err;
        }
        const client = await MongoClient.connect(config.MONGODB_URI ?? '', { serverSelectionTimeoutMS: 10_000 });
        try {
          const report = await rekey(client.db(config.MONGODB_DB), crypto, { pageSize: o.pageSize, progress: note });
          const totals = total(report.fields.map((f) => f.counts));
          if (o.json) printJson({ currentKid: crypto.currentKid, ...report, totals });
          else {
            for (const f of report.fields) {
              const c = f.counts;
              print(
                `${f.collection} ${f.field}: ${c.scanned} scanned, ${c.reencrypted} re-encrypted, ${c.current} already current, ${c.failed} failed`,
              );
            }
            for (const x of report.failures) print(`failed: ${x.collection} ${x.id} ${x.field}: ${x.reason}`);
            print(
              `key ${crypto.currentKid}: ${totals.scanned} scanned, ${totals.reencrypted} re-encrypted, ${totals.current} already current, ${totals.failed} failed`,
            );
          }
          return totals.failed === 0 ? EXIT.ok : EXIT.failed;
        } finally {
          await client.close();
        }
      }),
    );
}
