// One table of reply codes per domain. The runtime reads `status` to build the
// reply, `retriable` to decide whether a failure is retried, and `messages` to
// write the reply text in the requested language.

/** A locale such as `ja_JP`, `pl_PL`, `en_US`. */
export type Locale = string;

export interface CodeSpec {
  /** HTTP-like status carried in the reply. */
  status: number;
  /** True only for transient conditions; such a code never becomes a reply. */
  retriable: boolean;
  /** Reply text per locale; must contain the domain's default locale. */
  messages: Readonly<Record<Locale, string>>;
}

export type CodeTable<C extends string> = Readonly<Record<C, CodeSpec>>;

/** Codes the runtime itself answers, which every request route's table must contain; the
 * route's own `errorCode` (InternalError, or UnknownError on the card topics) comes beside them. */
export const COMMON_CODES = ['Success', 'DuplicateRequestId', 'MalformedRequest', 'ValidationFailed'] as const;
export type CommonCode = (typeof COMMON_CODES)[number];

/** Text for `code` in `locale`, falling back to `fallback` (the domain default). */
export function localize<C extends string>(table: CodeTable<C>, code: C, locale: Locale | undefined, fallback: Locale): string {
  const spec = table[code];
  return (locale !== undefined ? spec.messages[locale] : undefined) ?? spec.messages[fallback] ?? code;
}

/** A field-level validation failure, reported in the reply's `details`. */
export interface Detail {
  field: string;
  reason: string;
}
