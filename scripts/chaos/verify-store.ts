// The database after a chaos run against the fault-free reference: the same
// cards, contacts and accounts, each changed as many times (a card's revision, a
// contact's or account's version count every change applied: one more is a double
// effect), in the same state; no request mark twice on one document.
import { appliedRequestIds } from '@workers/runtime';
import type { Db, Document } from 'mongodb';
import { counted, figure, type Figure } from './figures';
import type { Reference } from './reference';

type Rec = Record<string, unknown>;
const at = (r: Rec, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Rec)[k] : undefined), r);

/** Per collection: the counter of changes first, then the state compared. */
const COMPARED: Record<string, string[]> = {
  // The phone by its keyed hash (the same keys both runs): its ciphertext differs by IV every write.
  cards: ['revision', 'card.state', 'customer.active', 'customer.phoneHash'],
  contacts: ['version', 'valid', 'deleted', 'answerStatus', 'approvedBy'],
  accounts: ['version', 'mailDelivery', 'personalId'],
};

export async function storeFigures(db: Db, ref: Reference): Promise<Figure[]> {
  const out: Figure[] = [];
  for (const [name, fields] of Object.entries(COMPARED)) {
    const want = ref.entities[name] ?? new Map<string, Rec>();
    const docs = await db.collection<Document & { _id: string }>(name).find({}).toArray();
    const byId = new Map(docs.map((d) => [d._id, d as Rec]));
    const doubled: string[] = [];
    const differ: string[] = [];
    for (const [id, r] of want) {
      const d = byId.get(id);
      if (!d) {
        differ.push(`${id} missing`);
        continue;
      }
      const [counter, ...state] = fields as [string, ...string[]];
      if (at(d, counter) !== at(r, counter))
        doubled.push(`${id}: ${counter} ${String(at(d, counter))}, reference ${String(at(r, counter))}`);
      const bad = state.filter((f) => at(d, f) !== at(r, f));
      if (bad.length > 0) differ.push(`${id}: ${bad.join(', ')}`);
    }
    const strays = docs.length - [...byId.keys()].filter((id) => want.has(id)).length;
    const marksTwice = docs
      .filter((d) => {
        const ids = appliedRequestIds(d);
        return new Set(ids).size !== ids.length;
      })
      .map((d) => d._id);
    out.push(
      counted(`${name}: changed as often as in the reference (${fields[0]})`, doubled, want.size, 'differ'),
      counted(`${name}: same state as the reference`, differ, want.size, 'differ'),
      figure(`${name}: documents the reference has not`, strays, strays === 0),
      counted(`${name}: no request mark twice`, marksTwice, docs.length, 'twice'),
    );
  }
  return out;
}
