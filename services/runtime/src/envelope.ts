// Reads the common envelope and the operation branch out of a decoded request.
// avsc decodes a union of records as { "<namespace>.<Name>": {...} }; the
// operation's name is the branch's short name.
import type { Envelope } from './route';

export interface Parsed {
  envelope: Envelope;
  operation: string;
  payload: unknown;
}

export function parseEnvelope(value: unknown): Parsed | string {
  if (!value || typeof value !== 'object') return 'value is not a record';
  const v = value as Record<string, unknown>;
  if (typeof v.requestId !== 'string' || v.requestId.length === 0) return 'requestId is missing';
  const op = v.operation;
  if (!op || typeof op !== 'object') return 'operation is missing';
  const branches = Object.keys(op);
  if (branches.length !== 1 || branches[0] === undefined) return 'operation must hold exactly one branch';
  const full = branches[0];
  const lang = v.responseLanguage as Envelope['responseLanguage'] | undefined;
  return {
    envelope: {
      requestId: v.requestId,
      sentAt: typeof v.sentAt === 'number' ? v.sentAt : 0,
      source: typeof v.source === 'string' ? v.source : '',
      responseLanguage: lang ?? null,
    },
    operation: full.slice(full.lastIndexOf('.') + 1),
    payload: (op as Record<string, unknown>)[full],
  };
}

/**
 * Reads an event (no envelope of its own): the route names its id, time and union
 * fields. A union with one record branch is decoded unwrapped by avsc (the record
 * itself); it then names the route's only operation.
 */
export function parseEvent(
  value: unknown,
  fields: { idField: string; unionField: string; timeField?: string; operations: readonly string[] },
): Parsed | string {
  if (!value || typeof value !== 'object') return 'value is not a record';
  const v = value as Record<string, unknown>;
  const id = v[fields.idField];
  if (typeof id !== 'string' || id.length === 0) return `${fields.idField} is missing`;
  const union = v[fields.unionField];
  if (!union || typeof union !== 'object') return `${fields.unionField} is missing`;
  const keys = Object.keys(union);
  const wrapped = keys.length === 1 && keys[0] !== undefined && keys[0].includes('.');
  let operation: string;
  let payload: unknown;
  if (wrapped) {
    const full = keys[0] as string;
    operation = full.slice(full.lastIndexOf('.') + 1);
    payload = (union as Record<string, unknown>)[full];
  } else if (fields.operations.length === 1) {
    operation = fields.operations[0] as string;
    payload = union;
  } else {
    return `${fields.unionField} does not name its type`;
  }
  const time = fields.timeField ? v[fields.timeField] : undefined;
  return {
    envelope: { requestId: id, sentAt: typeof time === 'number' ? time : 0, source: '', responseLanguage: null },
    operation,
    payload,
  };
}
