import { codeBook } from '../src/pure';

// A message map may hold more codes than the table (two domains can share one).
const EN_US = { Success: 'Done', Nope: 'No', Extra: 'shared with another table' };
const book = () =>
  codeBook(
    { Success: 200, Nope: 409 },
    { en_US: EN_US, pl_PL: { Success: 'Gotowe', Nope: 'Nie' } },
    { Create: 201, Update: 200 },
  );

describe('codeBook', () => {
  it('builds the table from the statuses and one message map per locale, the first the default', () => {
    const b = book();
    expect(b.codes).toEqual(['Success', 'Nope']);
    expect([b.locales, b.defaultLocale]).toEqual([['en_US', 'pl_PL'], 'en_US']);
    expect(b.table).toEqual({
      Success: { status: 200, messages: { en_US: 'Done', pl_PL: 'Gotowe' } },
      Nope: { status: 409, messages: { en_US: 'No', pl_PL: 'Nie' } },
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

  it('gives each operation its Success status', () => {
    expect([book().successStatus('Create'), book().successStatus('Update')]).toEqual([201, 200]);
  });

  it('refuses a table with a missing or blank message, or with no messages', () => {
    const statuses = { Success: 200, Nope: 409 };
    expect(() => codeBook(statuses, { en_US: { Success: 'Done', Nope: ' ' } }, {})).toThrow(
      'Nope has no en_US message',
    );
    expect(() => codeBook(statuses, { en_US: { Success: 'Done' } as Record<'Success' | 'Nope', string> }, {})).toThrow(
      'Nope has no en_US message',
    );
    expect(() => codeBook(statuses, {}, {})).toThrow('no messages');
  });
});
