// Stage 4, send: the sends of a batch of recipients. The at-most-once sequence per
// recipient: decide on fresh data → slot and rate token → claim
// (SENDING, conditional) → hand to SMTP → record the answer (conditional on the
// claim). What is batched is the database work: the recipients for which slots are
// free are claimed in one write, and outcomes are recorded by group commit. A slot is
// held from before the claim until the outcome is recorded, so at any time at most
// SMTP_MAX_CONNECTIONS records are claimed and not recorded: the most a crash can
// leave in doubt.
//
// The Message-ID is deterministic per (contact, recipient): any copy of the mail, even
// one an operator re-sends after an in-doubt delivery, carries the same id, so a
// receiving system can recognise a duplicate. Hashed because ids may hold characters a
// Message-ID cannot, and so the header reveals no internal ids.
//
// Throws what the stores throw, after the sends in flight have finished and been recorded.
import { createHash, randomUUID } from 'node:crypto';
import { deliveryId, type AccountView, type ContactView, type SkipStatus } from '../domain/types';
import type { Run } from '../pipeline';
import { scrubError } from '../smtp/sender';
import type { Claim, Expected } from '../store/deliveries';
import { checkContact } from './check';
import type { Recipient } from './fanout';
import { Recorder, type ClaimedAttempt } from './settle';

export interface SendItem {
  recipient: Recipient;
  account: AccountView;
  expected: Expected;
}

export type RecipientResult =
  | { kind: 'done' }
  /** Waiting in RETRY until `at`. */
  | { kind: 'open'; at: number }
  /** Not handled: the run is stopping (shutdown, lost lease, SMTP down). */
  | { kind: 'stopped' };

export interface SendResults {
  /** Per item of the input, in order; `unreached` ones are 'stopped'. */
  results: RecipientResult[];
  /** The contact-level reason sending stopped (deleted, answered…), if it did. */
  skip: SkipStatus | null;
  /** Items not claimed because sending stopped (for any reason). */
  unreached: SendItem[];
}

const DONE: RecipientResult = { kind: 'done' };
const STOPPED: RecipientResult = { kind: 'stopped' };

interface Prepared extends ClaimedAttempt {
  index: number;
  item: SendItem;
  mail: { to: string; subject: string; text: string; html: string } | { error: string };
}

export async function sendAll(run: Run, items: SendItem[]): Promise<SendResults> {
  const { deps } = run;
  const results: RecipientResult[] = items.map(() => STOPPED);
  const recorder = new Recorder(run);
  const inFlight = new Set<Promise<void>>();
  let skip: SkipStatus | null = null;
  let next = 0;
  let failure: { err: unknown } | undefined;
  try {
    while (next < items.length && !failure && !run.shouldStop()) {
      const releases = await deps.slots.acquireUpTo(items.length - next);
      const releaseAll = (): void => {
        for (const r of releases) r();
      };
      if (failure || !(await deps.limiter.takeMany(releases.length, run.stopping)) || run.shouldStop()) {
        releaseAll();
        break;
      }
      // Everything that can be prepared is prepared before the claim, so the claim is the last step before SMTP.
      const contact = await run.contact();
      const check = checkContact(contact, deps.now());
      if (check.kind !== 'go' || !contact) {
        releaseAll();
        skip = check.kind === 'skip' ? check.status : null;
        break;
      }
      const batch = items.slice(next, next + releases.length).map((item, i) => prepare(run, contact, item, next + i));
      next += batch.length;
      const claimed = await deps.deliveries.claim(batch.map((p) => p.claim));
      batch.forEach((p, i) => {
        const release = releases[i]!;
        if (!claimed.has(p.claim.id)) {
          // Someone else moved first (another process, or a record changed since it was read).
          results[p.index] = DONE;
          release();
          return;
        }
        const task = deliver(run, recorder, p)
          .then(
            (r) => {
              results[p.index] = r;
            },
            (err: unknown) => {
              failure ??= { err };
            },
          )
          .finally(() => {
            release();
            inFlight.delete(task);
          });
        inFlight.add(task);
      });
      for (const r of releases.slice(batch.length)) r();
    }
  } catch (err) {
    failure ??= { err };
  }
  await Promise.all([...inFlight]);
  if (failure) throw failure.err;
  return { results, skip, unreached: items.slice(next) };
}

/** The claim, the address decrypted and the mail rendered; or why the address cannot be read. */
function prepare(run: Run, contact: ContactView, item: SendItem, index: number): Prepared {
  const { deps, dispatch } = run;
  const { recipient: r, account, expected } = item;
  const claim: Claim = {
    id: deliveryId(dispatch.contactId, r.key),
    contactId: dispatch.contactId,
    audience: run.audience,
    accountId: account.accountId,
    accounts: r.accounts,
    claim: randomUUID(),
    messageId: mailMessageId(dispatch.contactId, account.accountId, deps.settings.messageIdDomain),
    at: deps.now(),
    expected,
  };
  const attempts = (expected.status === 'RETRY' ? expected.attempts : 0) + 1;
  let to: string;
  try {
    to = deps.decryptEmail(account.email, account.accountId);
  } catch (err) {
    return {
      index,
      item,
      claim,
      attempts,
      mail: {
        error: `the address cannot be decrypted: ${scrubError(err instanceof Error ? err.message : String(err))}`,
      },
    };
  }
  return { index, item, claim, attempts, mail: { to, ...run.rendered(contact) } };
}

/** Hands one claimed message to SMTP and records the answer. */
async function deliver(run: Run, recorder: Recorder, p: Prepared): Promise<RecipientResult> {
  const { deps } = run;
  if ('error' in p.mail) {
    // Claimed, and nothing handed to SMTP: a key problem is recorded, not retried.
    await recorder.record(p, { status: 'FAILED', lastError: p.mail.error, at: deps.now() });
    return DONE;
  }
  const started = deps.now();
  return recorder.answered(p, await deps.sender.send({ ...p.mail, messageId: p.claim.messageId }), started);
}

export function mailMessageId(contactId: string, accountId: string, domain: string): string {
  const h = createHash('sha256').update(`${contactId}\u0000${accountId}`).digest('hex').slice(0, 40);
  return `<contact.${h}@${domain}>`;
}
