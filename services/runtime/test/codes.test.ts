import { messageBook, runtimeCodes } from '../src/pure';

const book = () => messageBook({ en_US: { Success: 'Done', Nope: 'No' }, pl_PL: { Success: 'Gotowe', Nope: 'Nie' } });

describe('messageBook', () => {
  it('builds the table from one message map per locale, the first the default', () => {
    const b = book();
    expect(b.codes).toEqual(['Success', 'Nope']);
    expect([b.locales, b.defaultLocale]).toEqual([['en_US', 'pl_PL'], 'en_US']);
    expect(b.table).toEqual({
      Success: { en_US: 'Done', pl_PL: 'Gotowe' },
      Nope: { en_US: 'No', pl_PL: 'Nie' },
    });
  });

  it('answers in the requested locale, else the default', () => {
    const b = book();
    expect([
      b.message('Nope', 'pl_PL'),
      b.message('Nope', 'ja_JP'),
      b.message('Nope', null),
      b.message('Nope'),
    ]).toEqual(['Nie', 'No', 'No', 'No']);
  });

  it('refuses a table with a missing or blank message, or with no messages', () => {
    expect(() => messageBook({ en_US: { Success: 'Done', Nope: ' ' } })).toThrow('Nope has no en_US message');
    expect(() =>
      messageBook({ en_US: { Success: 'Done', Nope: 'No' }, pl_PL: { Success: 'Gotowe' } as Record<string, string> }),
    ).toThrow('Nope has no pl_PL message');
    expect(() => messageBook({})).toThrow('no messages');
  });
});

describe('runtimeCodes', () => {
  it('are MalformedRequest and DuplicateRequestId, and ValidationFailed for an operation that validates', () => {
    expect(runtimeCodes(false)).toEqual(['MalformedRequest', 'DuplicateRequestId']);
    expect(runtimeCodes(true)).toEqual(['MalformedRequest', 'DuplicateRequestId', 'ValidationFailed']);
  });
});
