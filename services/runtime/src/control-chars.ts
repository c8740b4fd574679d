// Control characters in text that reaches a mail or the console. Refused rather than
// stripped: a title, a name or a URL carrying CR/LF could add lines (or headers) to a mail
// or rows to a log, U+2028/2029 break lines in JavaScript and some mail readers, and the
// C1 range and NUL have no meaning in the CRM's texts. Pure; the domains turn a finding
// into a ValidationFailed detail naming the field.

/** Unicode's Cc: C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F); and LINE and PARAGRAPH SEPARATOR. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

export type TextShape = 'single-line' | 'multi-line';

/**
 * The reason `value` is refused, or null. 'single-line' refuses every control character,
 * CR, LF and TAB included; 'multi-line' allows LF and TAB only. The reason names the first
 * code point found, never the text (it may be personal data).
 */
export function controlCharReason(value: string, shape: TextShape = 'single-line'): string | null {
  // Multi-line text: LF and TAB taken out before looking (CR stays refused: one line break, not two kinds).
  const hit = CONTROL.exec(shape === 'single-line' ? value : value.replace(/[\n\t]/g, ''));
  if (!hit) return null;
  const code = `U+${(hit[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return shape === 'single-line'
    ? `must not contain control characters or line breaks (found ${code})`
    : `must not contain control characters other than line feed and tab (found ${code})`;
}
