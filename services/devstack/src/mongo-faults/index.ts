// MongoDB's `failCommand` test fail point in front of a server that has none (FerretDB): see proxy.ts.
export { MongoFaultProxy, upstreamOf } from './proxy';
export {
  FailCommandPoint,
  FailPointConfigError,
  type Activation,
  type FailCommandData,
  type Mode,
} from './fail-command';
export type { Upstream } from './connection';
