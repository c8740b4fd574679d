// Reply codes: which the runtime answers itself, and each domain's texts for its codes.
// A code's status is no part of this table: each operation lists every code it can
// answer with its status (Operation.codes, route.ts), and the route lists those it
// answers when no operation can be named (Route.codes).
//
// No code is "retriable": a transient failure (database, registry or broker
// unreachable, judged by transient.ts from the error itself) is retried with backoff
// and never becomes a reply (docs/rules.md#one-question-one-answer), so every code
// is a final answer.

/** A locale such as `ja_JP`, `pl_PL`, `en_US`. */
export type Locale = string;

/** A code's reply status (HTTP-like), by code. */
export type CodeStatuses = Readonly<Record<string, number>>;

/** Reply text per code and locale. */
export type MessageTable = Readonly<Record<string, Readonly<Record<Locale, string>>>>;

/** Codes the runtime answers for any operation: a request it cannot read, a requestId reused with other content. */
export const RUNTIME_CODES = ['MalformedRequest', 'DuplicateRequestId'] as const;
/** What the runtime answers, besides RUNTIME_CODES, for an operation that validates and refuses a payload. */
export const VALIDATION_CODE = 'ValidationFailed';

/**
 * The codes the runtime itself answers for an operation (`validates`: it has a
 * `validate`), which the operation's code list must hold beside Success and its
 * error code (route-check.ts refuses a list that omits one).
 */
export function runtimeCodes(validates: boolean): string[] {
  return validates ? [...RUNTIME_CODES, VALIDATION_CODE] : [...RUNTIME_CODES];
}

/** Text for `code` in `locale`, falling back to `fallback` (the domain default). */
export function localize(table: MessageTable, code: string, locale: Locale | undefined, fallback: Locale): string {
  const texts = table[code];
  return (locale !== undefined ? texts?.[locale] : undefined) ?? texts?.[fallback] ?? code;
}

/** A field-level validation failure, reported in the reply's `details`. */
export interface Detail {
  field: string;
  reason: string;
}

/** A domain's reply texts, built once by messageBook. */
export interface MessageBook<C extends string> {
  /** Every code, in the order of the default locale's map. */
  readonly codes: readonly C[];
  readonly locales: readonly Locale[];
  /** The first locale of the message maps. */
  readonly defaultLocale: Locale;
  /** What a route carries (`Route.messages`). */
  readonly table: MessageTable;
  /** Text of `code` in `locale`; the default locale's when the locale is absent or has no text. */
  message(code: C, locale?: Locale | null): string;
}

/**
 * Builds a domain's message table from one message map per locale (`messages`, the
 * domain's default locale first; a map may hold more codes than another domain of
 * the same worker answers, so two domains can share one). Throws a TypeError naming
 * the code and locale when a text is missing or blank: an incomplete table is a
 * programming error, found when the module loads.
 */
export function messageBook<C extends string, L extends Locale>(
  messages: Readonly<Record<L, Readonly<Record<C, string>>>>,
): MessageBook<C> {
  const locales = Object.keys(messages) as L[];
  const defaultLocale = locales[0];
  if (defaultLocale === undefined) throw new TypeError('message table: no messages');
  const codes = Object.keys(messages[defaultLocale]) as C[];
  const table = Object.fromEntries(
    codes.map((code) => {
      const texts = Object.fromEntries(
        locales.map((l) => {
          const text = messages[l][code];
          if (typeof text !== 'string' || text.trim() === '')
            throw new TypeError(`message table: ${code} has no ${l} message`);
          return [l, text];
        }),
      );
      return [code, texts];
    }),
  );
  return {
    codes,
    locales,
    defaultLocale,
    table,
    message: (code, locale) => localize(table, code, locale ?? undefined, defaultLocale),
  };
}
