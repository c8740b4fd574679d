// The state of mongod's `failCommand` fail point, and the rule that decides whether a command
// trips it. Pure: no sockets; the proxy asks `evaluate` per command and carries out the answer.
// Semantics follow mongod (src/mongo/db/commands.cpp, shouldActivateFailCommandFailPoint and
// evaluateFailCommandFailPoint; src/mongo/util/fail_point.cpp for the modes):
// - `configureFailPoint` itself never trips it; every other command can, hello/isMaster included
//   (mongod ≥ 4.4 lets tests fail the handshake), when named in failCommands or failAllCommands is set;
// - appName and namespace, when given, must match the connection's handshake appName and the
//   command's `<db>.<collection>`;
// - the mode is counted only on commands that match: {times: n} fails the next n matching commands,
//   {skip: n} lets n through and fails every later one, {activationProbability: p} fails each with p;
// - closeConnection beats errorCode, which beats writeConcernError; blockConnection delays first;
// - writeConcernError alone only trips commands that take a write concern.
// Deviation: mongod counts a block and a write-concern error on one command as two activations; here
// a command is one activation. Labels are only those the fail point lists: mongod would add
// RetryableWriteError itself to a retryable write (one with txnNumber), which a standalone never gets.
// Not offered: threadName, failInternalCommands, failLocalClients, errorExtraInfo (every client of the
// proxy is an external one, so the internal/local distinctions do not arise).
import { EventEmitter } from 'node:events';
import type { Document } from 'bson';

export type Mode = 'alwaysOn' | 'off' | { times: number } | { skip: number } | { activationProbability: number };

export interface FailCommandData {
  failCommands?: string[];
  failAllCommands?: boolean;
  errorCode?: number;
  errorLabels?: string[];
  closeConnection?: boolean;
  blockConnection?: boolean;
  blockTimeMS?: number;
  writeConcernError?: Document;
  appName?: string;
  namespace?: string;
}

/** What the proxy does to one command; fields apply in this order. */
export interface Activation {
  blockMs: number;
  closeConnection: boolean;
  errorCode?: number;
  /** Present (possibly empty) when the fail point names labels; replaces any the reply had. */
  errorLabels?: string[];
  /** Added to the server's reply after the command ran. */
  writeConcernError?: Document;
}

export interface CommandSeen {
  name: string;
  /** `<db>.<collection>` when the command names a collection, else `<db>`. */
  namespace: string;
  appName: string | undefined;
  /** The request's body: consulted only for aggregate, whose write concern depends on its stages. */
  body?: Document;
}

/** A configureFailPoint the proxy refuses, with the code mongod gives such a request. */
export class FailPointConfigError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** Commands that take a write concern (mongod's supportsWriteConcern). */
const WRITE_CONCERN_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'renameCollection',
  'collMod',
  'commitTransaction',
  'abortTransaction',
  'bulkWrite',
]);
/** mongod's command aliases: a fail point naming either name trips both. */
const ALIASES: Readonly<Record<string, string>> = {
  ismaster: 'isMaster',
  findandmodify: 'findAndModify',
  buildinfo: 'buildInfo',
};
const canonical = (name: string): string => ALIASES[name] ?? name;

function takesWriteConcern(cmd: CommandSeen): boolean {
  if (WRITE_CONCERN_COMMANDS.has(canonical(cmd.name))) return true;
  if (cmd.name !== 'aggregate' || !Array.isArray(cmd.body?.pipeline)) return false;
  const last = (cmd.body.pipeline as Document[]).at(-1);
  return last !== undefined && ('$out' in last || '$merge' in last);
}

function parseMode(mode: unknown): Mode {
  if (mode === 'alwaysOn' || mode === 'off') return mode;
  if (mode && typeof mode === 'object') {
    const m = mode as Record<string, unknown>;
    if (typeof m.times === 'number' && m.times >= 0) return { times: m.times };
    if (typeof m.skip === 'number' && m.skip >= 0) return { skip: m.skip };
    const p = m.activationProbability;
    if (typeof p === 'number' && p >= 0 && p <= 1) return { activationProbability: p };
  }
  throw new FailPointConfigError(
    `mode must be 'alwaysOn', 'off', {times: n}, {skip: n} or {activationProbability: p}, not ${JSON.stringify(mode)}`,
    2,
  );
}

/**
 * One server's failCommand fail point. Emits 'entered' after each activation (waitForFailPoint
 * listens). Not safe across processes: each proxy holds its own, as each mongod does.
 */
export class FailCommandPoint extends EventEmitter {
  private mode: Mode = 'off';
  private data: FailCommandData = {};
  /** Activations since this proxy started, over every configuration: mongod's `count`. */
  timesEntered = 0;

  /** Applies `{configureFailPoint: 'failCommand', mode, data}`; returns mongod's reply or throws FailPointConfigError. */
  configure(cmd: Document): Document {
    const mode = parseMode(cmd.mode);
    const data = (cmd.data ?? {}) as FailCommandData;
    if (mode !== 'off' && data.blockConnection === true && typeof data.blockTimeMS !== 'number')
      throw new FailPointConfigError("must specify 'blockTimeMS' when 'blockConnection' is true", 72);
    const count = this.timesEntered;
    const spent = typeof mode === 'object' && 'times' in mode && mode.times === 0;
    this.mode = spent ? 'off' : mode;
    this.data = this.mode === 'off' ? {} : data;
    return { count, ok: 1 };
  }

  /** Turns the fail point off (the stack between tests). */
  clear(): void {
    this.mode = 'off';
    this.data = {};
  }

  get active(): boolean {
    return this.mode !== 'off';
  }

  /** Decides for one command; counts the activation (and may turn a {times} fail point off). */
  evaluate(cmd: CommandSeen): Activation | undefined {
    if (this.mode === 'off' || !this.matches(cmd)) return undefined;
    const d = this.data;
    const act: Activation = {
      blockMs: d.blockConnection === true ? Math.max(0, d.blockTimeMS ?? 0) : 0,
      closeConnection: d.closeConnection === true,
      errorCode: typeof d.errorCode === 'number' ? d.errorCode : undefined,
      errorLabels: Array.isArray(d.errorLabels) ? d.errorLabels : undefined,
    };
    if (d.writeConcernError && !act.closeConnection && act.errorCode === undefined && takesWriteConcern(cmd))
      act.writeConcernError = d.writeConcernError;
    if (!act.blockMs && !act.closeConnection && act.errorCode === undefined && !act.writeConcernError) return undefined;
    if (!this.fires()) return undefined;
    this.timesEntered++;
    this.emit('entered', this.timesEntered);
    return act;
  }

  private matches(cmd: CommandSeen): boolean {
    if (cmd.name === 'configureFailPoint') return false;
    const d = this.data;
    if (d.appName !== undefined && d.appName !== cmd.appName) return false;
    if (d.namespace !== undefined && d.namespace !== cmd.namespace) return false;
    if (d.failAllCommands === true) return true;
    const name = canonical(cmd.name);
    return (d.failCommands ?? []).some((f) => canonical(f) === name);
  }

  /** The mode's verdict for a matching command; updates its counter. */
  private fires(): boolean {
    const m = this.mode;
    if (m === 'alwaysOn') return true;
    if (m === 'off') return false;
    if ('times' in m) {
      m.times--;
      if (m.times <= 0) this.clear();
      return true;
    }
    if ('skip' in m) {
      if (m.skip <= 0) return true;
      m.skip--;
      return false;
    }
    return Math.random() < m.activationProbability;
  }
}
