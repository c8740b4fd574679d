// One table of reply codes per domain, built by codeBook from each code's status and
// one message map per locale. The runtime reads `status` to build the reply and
// `messages` to write its text in the requested language.
//
// No code is "retriable": a transient failure (database, registry or broker
// unreachable, judged by transient.ts from the error itself) is retried with backoff
// and never becomes a reply (docs/rules.md#one-question-one-answer), so every code
// in a table is a final answer.

/** A locale such as `ja_JP`, `pl_PL`, `en_US`. */
export type Locale = string;

export interface CodeSpec {
  /** HTTP-like status carried in the reply. */
  status: number;
  /** Reply text per locale; must contain the domain's default locale. */
  messages: Readonly<Record<Locale, string>>;
}

export type CodeTable<C extends string> = Readonly<Record<C, CodeSpec>>;

/** Codes the runtime itself answers, which every request route's table must contain; the
 * route's own `errorCode` (InternalError, or UnknownError on the card topics) comes beside them. */
export const COMMON_CODES = ['Success', 'DuplicateRequestId', 'MalformedRequest', 'ValidationFailed'] as const;
export type CommonCode = (typeof COMMON_CODES)[number];

/** Text for `code` in `locale`, falling back to `fallback` (the domain default). */
export function localize<C extends string>(
  table: CodeTable<C>,
  code: C,
  locale: Locale | undefined,
  fallback: Locale,
): string {
  const spec = table[code];
  return (locale !== undefined ? spec.messages[locale] : undefined) ?? spec.messages[fallback] ?? code;
}

/** A field-level validation failure, reported in the reply's `details`. */
export interface Detail {
  field: string;
  reason: string;
}

/** A domain's codes, built once by codeBook. */
export interface CodeBook<C extends string, O extends string> {
  /** Every code, in the order declared. */
  readonly codes: readonly C[];
  readonly locales: readonly Locale[];
  /** The first locale of the message maps. */
  readonly defaultLocale: Locale;
  /** What a route carries (`Route.codes`). */
  readonly table: CodeTable<C>;
  /** Text of `code` in `locale`; the default locale's when the locale is absent or has no text. */
  message(code: C, locale?: Locale | null): string;
  /** Status of a Success reply of `operation` (201 for a create, 204 when the reply carries nothing…). */
  successStatus(operation: O): number;
}

/**
 * Builds a domain's code table from each code's status (`statuses`), one message map
 * per locale (`messages`, the domain's default locale first; a map may hold more
 * codes, so two domains can share one) and the Success status of each operation
 * (`success`). Throws a TypeError naming the code and locale when a message is
 * missing or blank: an incomplete table is a programming error, found when the
 * module loads.
 */
export function codeBook<C extends string, L extends Locale, O extends string>(
  statuses: Readonly<Record<C, number>>,
  messages: Readonly<Record<L, Readonly<Record<NoInfer<C>, string>>>>,
  success: Readonly<Record<O, number>>,
): CodeBook<C, O> {
  const codes = Object.keys(statuses) as C[];
  const locales = Object.keys(messages) as L[];
  const defaultLocale = locales[0];
  if (defaultLocale === undefined) throw new TypeError('code table: no messages');
  const table = Object.fromEntries(
    codes.map((code) => {
      const texts = Object.fromEntries(
        locales.map((l) => {
          const text = messages[l][code];
          if (typeof text !== 'string' || text.trim() === '')
            throw new TypeError(`code table: ${code} has no ${l} message`);
          return [l, text];
        }),
      );
      return [code, { status: statuses[code], messages: texts }];
    }),
  ) as Record<C, CodeSpec>;
  return {
    codes,
    locales,
    defaultLocale,
    table,
    message: (code, locale) => localize(table, code, locale ?? undefined, defaultLocale),
    successStatus: (operation) => success[operation],
  };
}
