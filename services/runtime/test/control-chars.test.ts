import { controlCharReason } from '../src/control-chars';

const at = (code: number): string => `ab${String.fromCodePoint(code)}cd`;

describe('controlCharReason', () => {
  test.each([0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x2028, 0x2029])(
    'single-line text refuses U+%s',
    (code) => {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      expect(controlCharReason(at(code))).toBe(`must not contain control characters or line breaks (found U+${hex})`);
    },
  );

  test('multi-line text keeps LF and TAB, and refuses CR and the rest', () => {
    expect(controlCharReason('一行目\n\t二行目\n', 'multi-line')).toBeNull();
    expect(controlCharReason('a\r\nb', 'multi-line')).toMatch(/other than line feed and tab \(found U\+000D\)/);
    for (const code of [0x00, 0x0b, 0x0c, 0x1b, 0x7f, 0x85, 0x2028, 0x2029])
      expect(controlCharReason(at(code), 'multi-line')).not.toBeNull();
  });

  test('ordinary text passes: spaces, full-width space, kana, kanji, emoji, punctuation', () => {
    for (const ok of ['山田 太郎', 'お知らせ\u3000（重要）', '証券-No.123/4', 'ok 👍', '\u00a0nbsp', 'a\u200bb'])
      expect(controlCharReason(ok)).toBeNull();
  });

  test('the reason never carries the text', () => {
    expect(controlCharReason('secret@example.jp\n')).not.toContain('secret');
  });
});
