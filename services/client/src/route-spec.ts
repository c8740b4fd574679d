// A route as the client sees it (generated/contract.ts, from the routing tables), with
// the topic names a deployment may give it, and the typed answer of each operation:
// a union discriminated by `code`, one member per code the contract lets it answer.
import { type Payloads, type Replies, ROUTES } from './generated/contract';
import type { ReplyMessage } from './transport';

export type ServiceName = keyof typeof ROUTES;
type Routes = typeof ROUTES;

export interface RouteSpec {
  topic: string;
  replyTopic: string;
  extraReplyTopics: boolean;
  namespace: string;
  requestSchema: string;
  replySchema: string;
  operations: Readonly<
    Record<string, { keyField: string; keyFromRequestId: boolean; codes: Readonly<Record<string, number>> }>
  >;
}

export type OperationOf<S extends ServiceName> = keyof Routes[S]['operations'] & string;
type OpSpec<S extends ServiceName, O extends OperationOf<S>> = Routes[S]['operations'][O &
  keyof Routes[S]['operations']];
export type CodeOf<S extends ServiceName, O extends OperationOf<S>> =
  OpSpec<S, O> extends { codes: infer C } ? keyof C & string : never;

export type PayloadOf<S extends ServiceName, O extends OperationOf<S>> = Payloads[S][O & keyof Payloads[S]];

/** What every answer carries besides its code. */
export interface AnswerBase<S extends ServiceName> {
  requestId: string;
  /** The reply's HTTP-like status (the contract's status of the code). */
  status: number;
  /** The reply text in the requested client language. */
  message: string;
  /** The whole reply as decoded with the repository's reply schema. */
  reply: Replies[S];
  /** Sends made (1 unless a retry was needed). */
  attempts: number;
  /** When the first send started and when the reply came (epoch ms). */
  sentAt: number;
  receivedAt: number;
  /** The reply message as read (topic, partition, offset, key, headers, bytes). */
  received: ReplyMessage;
}

/** The answer to `O`: `r.code === 'Success'` narrows it. */
export type Answer<S extends ServiceName, O extends OperationOf<S>> = {
  [C in CodeOf<S, O>]: AnswerBase<S> & { code: C };
}[CodeOf<S, O>];

/** The route with the topic names the deployment gives it. */
export function routeSpec(service: ServiceName, topics: { requests?: string; replies?: string } = {}): RouteSpec {
  const r: RouteSpec = ROUTES[service];
  return { ...r, topic: topics.requests ?? r.topic, replyTopic: topics.replies ?? r.replyTopic };
}
