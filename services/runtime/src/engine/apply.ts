// Step 3 of a chunk: apply each new, valid request once. Requests are grouped by
// the entity they act on; each store is read once for all its entities; each
// group is decided in offset order against the evolving record by the operations'
// pure rules; each changed entity is written once, conditionally on the revision
// read, together with the applied marks of every request of the group. A group
// that lost a race to another writer is read and decided again; if races persist
// the chunk is retried later (TransientError), never answered with an error.
//
// A request whose mark is already on its entity was applied by an earlier pass
// that crashed before its reply was committed: it gets the marked outcome back.
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { AnyOperation, DecideContext, Outcome, Route } from '../route';
import { keepMarks, type AppliedMark, type EntityStore, type EntityWrite, type Versioned } from '../store/entity-store';
import { TransientError } from '../transient';
import type { Request } from './incoming';
import { groupBy } from '../group-by';

export interface ApplyDeps {
  entities: Readonly<Record<string, EntityStore<unknown>>>;
  logger: Logger;
  metrics: Metrics;
  now(): number;
  newId(): string;
}

interface Group {
  store: string;
  id: string;
  requests: Request[];
}

const MAX_RACES = 5;

function opOf(route: Route, r: Request): AnyOperation {
  const op = route.operations[r.operation];
  if (!op) throw new TypeError(`no operation ${r.operation} on ${route.topic}`);
  return op;
}

/** An operation's answer to a request, checked against the codes it declares. */
function decideOne(
  route: Route,
  r: Request,
  current: unknown,
  deps: ApplyDeps,
  key: string,
): { outcome: Outcome; write?: unknown } {
  const op = opOf(route, r);
  const where = {
    topic: r.msg.topic,
    partition: r.msg.partition,
    offset: r.msg.offset,
    requestId: r.requestId,
    operation: r.operation,
  };
  const failed = (error: string): { outcome: Outcome } => {
    deps.metrics.internalErrors.inc({ topic: r.msg.topic, operation: r.operation });
    deps.logger.error('handler.failed', { ...where, error });
    return { outcome: { code: op.errorCode, entity: op.replyEntity(r.payload as never, key) } };
  };
  const ctx: DecideContext = { requestId: r.requestId, envelope: r.envelope, now: deps.now(), newId: deps.newId };
  let d: { outcome: Outcome; write?: unknown };
  try {
    d = op.decide(current as never, r.payload as never, ctx);
  } catch (err) {
    return failed(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  }
  if (!Object.hasOwn(op.codes, d.outcome.code))
    return failed(`code ${d.outcome.code} is not declared by ${r.operation}`);
  return d;
}

function decideGroup(
  route: Route,
  g: Group,
  stored: Versioned<unknown> | undefined,
  deps: ApplyDeps,
): { outcomes: Map<Request, Outcome>; write?: EntityWrite<unknown> } {
  const outcomes = new Map<Request, Outcome>();
  const marks = stored?.applied ?? [];
  const added: AppliedMark[] = [];
  let current: unknown = stored?.record ?? null;
  let changed = false;
  for (const r of g.requests) {
    const mark = marks.find((m) => m.requestId === r.requestId);
    if (mark) {
      outcomes.set(r, mark.outcome);
      continue;
    }
    const d = decideOne(route, r, current, deps, g.id);
    if (d.write !== undefined) {
      current = d.write;
      changed = true;
    }
    outcomes.set(r, d.outcome);
    added.push({ requestId: r.requestId, outcome: d.outcome });
  }
  if (!changed) return { outcomes };
  return {
    outcomes,
    write: { id: g.id, record: current, expected: stored?.revision ?? null, applied: keepMarks(marks, added) },
  };
}

/** A stored record the rules cannot read (say, a bad manual edit) fails its requests, not the chunk. */
function decideSafely(
  route: Route,
  g: Group,
  stored: Versioned<unknown> | undefined,
  deps: ApplyDeps,
): ReturnType<typeof decideGroup> {
  try {
    return decideGroup(route, g, stored, deps);
  } catch (err) {
    const error = `stored ${g.store} ${g.id} cannot be read: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
    const outcomes = new Map<Request, Outcome>();
    for (const r of g.requests) {
      const op = opOf(route, r);
      deps.metrics.internalErrors.inc({ topic: r.msg.topic, operation: r.operation });
      deps.logger.error('handler.failed', {
        topic: r.msg.topic,
        partition: r.msg.partition,
        offset: r.msg.offset,
        requestId: r.requestId,
        operation: r.operation,
        error,
      });
      outcomes.set(r, { code: op.errorCode, entity: op.replyEntity(r.payload as never, g.id) });
    }
    return { outcomes };
  }
}

function groupsOf(route: Route, requests: readonly Request[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of requests) {
    const op = opOf(route, r);
    const id = op.key(r.payload as never, r.requestId);
    const k = `${op.entity}\u0000${id}`;
    const g = groups.get(k) ?? { store: op.entity, id, requests: [] };
    g.requests.push(r);
    groups.set(k, g);
  }
  return [...groups.values()];
}

function storeOf(deps: ApplyDeps, name: string): EntityStore<unknown> {
  const s = deps.entities[name];
  if (!s) throw new TypeError(`no entity store ${name}`);
  return s;
}

export type Loaded = Map<string, Map<string, Versioned<unknown>>>;

/** Reads the entities `requests` act on, one call per store (started before they are known to be new). */
export async function loadEntities(route: Route, requests: readonly Request[], deps: ApplyDeps): Promise<Loaded> {
  const ids = new Map<string, Set<string>>();
  for (const g of groupsOf(route, requests)) ids.set(g.store, (ids.get(g.store) ?? new Set()).add(g.id));
  const out: Loaded = new Map();
  await Promise.all([...ids].map(async ([name, set]) => out.set(name, await storeOf(deps, name).load([...set]))));
  return out;
}

/**
 * Decides and writes every request; returns each one's outcome. `preloaded` holds
 * the entities read beforehand (the first round uses them). Throws only transient errors.
 */
export async function applyAll(
  route: Route,
  requests: readonly Request[],
  deps: ApplyDeps,
  preloaded?: Loaded,
): Promise<Map<Request, Outcome>> {
  const outcomes = new Map<Request, Outcome>();
  let pending = groupsOf(route, requests);
  for (let race = 0; pending.length > 0; race++) {
    if (race === MAX_RACES)
      throw new TransientError(`${pending.length} entities kept changing under concurrent writers`);
    const byStore = groupBy(pending, (g) => g.store);
    const lost: Group[] = [];
    await Promise.all(
      [...byStore].map(async ([name, groups]) => {
        const store = storeOf(deps, name);
        const known = race === 0 ? preloaded?.get(name) : undefined;
        const loaded = known ?? (await store.load(groups.map((g) => g.id)));
        const decided = groups.map((g) => ({ g, ...decideSafely(route, g, loaded.get(g.id), deps) }));
        const conflicts = await store.save(decided.flatMap((d) => (d.write ? [d.write] : [])));
        for (const d of decided) {
          if (conflicts.has(d.g.id)) lost.push(d.g);
          else for (const [r, o] of d.outcomes) outcomes.set(r, o);
        }
      }),
    );
    pending = lost;
  }
  return outcomes;
}
