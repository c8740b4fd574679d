// The Polish source document's examples (test/fixtures/alcs-source/*.json: its HTTP
// requests, and the answer it gives for each) as our Avro CardRequests. The mapping is
// the one docs/rules.md#cards describes and nothing more: the card number comes from the
// path, the operation from method and path, ResponseLanguage moves to the envelope,
// keys lose their capital (CardPinHMac is our cardPinHmac). The JSON is converted with
// ops' fromJson, which refuses any field the schema lacks: a value of the source that
// Avro does not carry fails the conversion instead of vanishing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type avro from 'avsc';
import { fromJson, parseSchema } from '@workers/ops';
import { repoRoot } from '@workers/devstack';

export interface SourceExample {
  file: string;
  /** Where the document shows it. */
  section: string;
  method: 'PUT' | 'POST' | 'PATCH';
  path: string;
  note?: string;
  body: Record<string, unknown> | null;
  /** The document's answer (status, MessageCode and, where it gives one, its Polish Message). */
  expect: { status: number; messageCode: string; message?: string; customerId?: boolean };
}

export type CardOperation = 'RegisterCard' | 'ActivateCard' | 'ChangePhoneNumber' | 'LockCard';

const DIR = join(repoRoot, 'test', 'fixtures', 'alcs-source');
const PATH = /^\/alcs\/loyalty\/v1\/loyalty-cards\/([^/]+)(\/activate|\/lock)?$/;
const RENAMED: Readonly<Record<string, string>> = { CardPinHMac: 'cardPinHmac' };

/** Every example, in the order its file names give (a story on one card). */
export function sourceExamples(): SourceExample[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Omit<SourceExample, 'file'>) }));
}

export function cardRequestType(): avro.Type {
  return parseSchema(readFileSync(join(repoRoot, 'schemas', 'alcs.card.requests.avsc'), 'utf8'));
}

function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [RENAMED[k] ?? k[0]!.toLowerCase() + k.slice(1), camel(v)]),
  );
}

export function operationOf(ex: SourceExample): { operation: CardOperation; cardNumber: string } {
  const m = PATH.exec(ex.path);
  if (!m) throw new Error(`${ex.file}: path ${ex.path} is none of the source's`);
  const cardNumber = decodeURIComponent(m[1]!);
  const route = `${ex.method} ${m[2] ?? ''}`;
  const operation = (
    {
      'PUT ': 'RegisterCard',
      'POST /activate': 'ActivateCard',
      'PATCH ': 'ChangePhoneNumber',
      'POST /lock': 'LockCard',
    } as const
  )[route];
  if (!operation) throw new Error(`${ex.file}: ${route} is none of the source's services`);
  return { operation, cardNumber };
}

/** The request envelope as JSON (ops `request` file form). */
export function sourceRequestJson(ex: SourceExample, requestId: string, sentAt = Date.now()): Record<string, unknown> {
  const { operation, cardNumber } = operationOf(ex);
  const { ResponseLanguage, ...rest } = (ex.body ?? {}) as Record<string, unknown>;
  return {
    requestId,
    sentAt,
    source: 'ALCS',
    responseLanguage: ResponseLanguage === undefined ? null : camel(ResponseLanguage),
    operation: { [operation]: { cardNumber, ...(camel(rest) as Record<string, unknown>) } },
  };
}

/** The Avro value of the example's request (throws naming any field the schema does not carry). */
export function sourceRequest(ex: SourceExample, requestId: string, type = cardRequestType()): Record<string, unknown> {
  return fromJson(type, sourceRequestJson(ex, requestId)) as Record<string, unknown>;
}
