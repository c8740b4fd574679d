// Checks a worker's routing table against the cluster and the registry at start.
// Every problem of every route is collected into one RouteError, so an operator
// fixes them in one pass instead of one restart per mistake.
import { runtimeCodes } from './codes';
import { type AnyOperation, isEventRoute, type AnyRoute, type Route } from './route';

export interface RouteCheckEnv {
  existingTopics: Set<string>;
  /** Branch short names of the union in `field` of the subject's pinned schema (the repository's). */
  schemaOperations(subject: string, field: string): Promise<string[]>;
  subjectExists(subject: string): Promise<boolean>;
  /** Names of the entity stores the worker was given. */
  entityStores: Set<string>;
}

export class RouteError extends Error {
  override readonly name = 'RouteError';
}

/**
 * The codes an operation must list: Success, its error code, and what the runtime
 * answers for it (MalformedRequest, DuplicateRequestId, and ValidationFailed when it validates).
 */
export function requiredCodes(op: AnyOperation): string[] {
  return ['Success', ...runtimeCodes(op.validate !== undefined), op.errorCode];
}

function requestProblems(r: Route, stores: Set<string>): string[] {
  const problems: string[] = [];
  const answered = new Set<string>(Object.keys(r.codes));
  for (const c of ['MalformedRequest', r.errorCode]) {
    if (!Object.hasOwn(r.codes, c)) problems.push(`${r.topic}: the route's own codes lack ${c}`);
  }
  for (const [name, op] of Object.entries(r.operations)) {
    if (!stores.has(op.entity))
      problems.push(`${r.topic}: ${name} writes entity store ${op.entity}, which the worker lacks`);
    for (const c of requiredCodes(op)) {
      if (!Object.hasOwn(op.codes, c)) problems.push(`${r.topic}: ${name}'s codes lack ${c}`);
    }
    for (const c of Object.keys(op.codes)) answered.add(c);
  }
  for (const code of answered) {
    if (!r.messages[code]?.[r.defaultLocale])
      problems.push(`${r.topic}: code ${code} has no ${r.defaultLocale} message`);
  }
  return problems;
}

export async function validateRoutes(routes: AnyRoute[], env: RouteCheckEnv): Promise<void> {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of routes) {
    if (seen.has(r.topic)) problems.push(`${r.topic}: routed twice`);
    seen.add(r.topic);
    const replyTopics = isEventRoute(r) ? [] : [r.replyTopic];
    // Replies on further allowed topics use the route's reply schema: those need no subject of their own.
    const extra = isEventRoute(r) ? [] : (r.replyTopicsAllowed ?? []);
    for (const t of [r.topic, ...replyTopics, ...extra, r.dlqTopic, ...(r.eventTopics ?? [])]) {
      if (!env.existingTopics.has(t)) problems.push(`${r.topic}: topic ${t} does not exist`);
    }
    if (!isEventRoute(r)) problems.push(...requestProblems(r, env.entityStores));
    for (const subject of [r.topic, ...replyTopics, ...(r.eventTopics ?? [])].map((t) => `${t}-value`)) {
      if (!(await env.subjectExists(subject))) problems.push(`${r.topic}: schema subject ${subject} is not registered`);
    }
    if (await env.subjectExists(`${r.topic}-value`)) {
      const ops = await env.schemaOperations(`${r.topic}-value`, isEventRoute(r) ? r.unionField : 'operation');
      for (const op of ops) if (!r.operations[op]) problems.push(`${r.topic}: operation ${op} has no handler`);
      for (const op of Object.keys(r.operations))
        if (!ops.includes(op)) problems.push(`${r.topic}: handler ${op} is not an operation of the schema`);
    }
  }
  if (problems.length) throw new RouteError(`invalid routes:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
