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
