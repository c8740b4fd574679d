// @workers/client: the typed request/reply client of the CRM and ALCS routes, for
// upstream TypeScript teams and for every tool of ours that sends requests. The contract
// it follows is docs/asyncapi.yaml; its types and routes are generated with it
// (`npm run contract`).
import '@workers/runtime/produce-fix';
export { CardClient } from './cards';
export { ContactClient } from './contacts';
export { AccountClient } from './accounts';
export { type BatchRequest, connectRoute, RouteClient } from './route-client';
export type { Call } from './call';
export type { ConnectOptions } from './connect';
export type { CallOptions, LateReply } from './request-reply';
export type { EnvelopeItem, Prepared, Written } from './request-writer';
export type { Answer, AnswerBase, CodeOf, OperationOf, PayloadOf, ServiceName } from './route-spec';
export { ClientClosedError, ContractError, ReplyUnreadableError, RequestTimeoutError, type Unanswered } from './errors';
export type { ClientTransport, Position, ReplyMessage, RequestMessage } from './transport';
export { KafkaClientTransport } from './kafka-transport';
export { MemoryClientTransport } from './memory-transport';
export { ROUTES } from './generated/contract';
export type * from './generated/types';
