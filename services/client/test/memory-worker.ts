// The client's unit tests' worker in memory: the codec of every route, fast timeouts,
// and the reply a worker would send to a request.
import { MemoryCodec } from '@workers/runtime';
import { CardClient, type MemoryClientTransport, type RequestMessage } from '../src';

export const codec = () =>
  new MemoryCodec()
    .declare('alcs.card.requests-value')
    .declare('alcs.card.replies-value')
    .declare('crm.contact.requests-value')
    .declare('crm.contact.replies-value')
    .declare('crm.account.requests-value')
    .declare('crm.account.replies-value');

export const FAST = {
  timeoutMs: 40,
  attempts: 1,
  backoff: { baseMs: 5, capMs: 10 },
  brokers: 'unused',
  registryUrl: 'unused',
};

/** The reply a worker would send to `m` with `code`. */
export function answer(t: MemoryClientTransport, m: RequestMessage, code = 'Success', status = 204): void {
  const req = MemoryCodec.read<{ requestId: string; operation: Record<string, unknown> }>(m.value);
  const operation = Object.keys(req.operation)[0]!.split('.').pop()!;
  const reply = { requestId: req.requestId, operation, status, messageCode: code, message: code, details: [] };
  t.reply(m.key, Buffer.concat([Buffer.from([0, 0, 0, 0, 1]), Buffer.from(JSON.stringify(reply))]), {
    'correlation-id': m.headers['correlation-id']!,
    operation,
    'message-code': code,
  });
}

export async function cards(t: MemoryClientTransport, extra: Partial<Parameters<typeof CardClient.connect>[0]> = {}) {
  return CardClient.connect({ ...FAST, transport: t, codec: codec(), ...extra });
}
