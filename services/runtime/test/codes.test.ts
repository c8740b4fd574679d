import { codeBook } from '../src/pure';

// A message map may hold more codes than the table (two domains can share one).
const EN_US = { Success: 'Done', Nope: 'No', Extra: 'shared with another table' };
const book = () => codeBook({
  statuses: { Success: 200, Nope: 409 },
  messages: { en_US: EN_US, pl_PL: { Success: 'Gotowe', Nope: 'Nie' } },
  defaultLocale: 'en_US',
  success: { Create: 201, Update: 200 },
});

describe('codeBook', () => {
  it('builds the table from the statuses and one message map per locale', () => {
    const b = book();
    expect(b.codes).toEqual(['Success', 'Nope']);
    expect(b.locales).toEqual(['en_US', 'pl_PL']);
    expect(b.table).toEqual({ Success: { status: 200, messages: { en_US: 'Done', pl_PL: 'Gotowe' } }, Nope: { status: 409, messages: { en_US: 'No', pl_PL: 'Nie' } } });
  });

  it('answers in the requested locale, else the default', () => {
    const b = book();
    expect([b.message('Nope', 'pl_PL'), b.message('Nope', 'ja_JP'), b.message('Nope', null), b.message('Nope')]).toEqual(['Nie', 'No', 'No', 'No']);
  });

  it('gives each operation its Success status', () => {
    expect([book().successStatus('Create'), book().successStatus('Update')]).toEqual([201, 200]);
  });

  it('refuses a table with a missing or blank message, or without the default locale', () => {
    const statuses = { Success: 200, Nope: 409 };
    const success = {};
    expect(() => codeBook({ statuses, messages: { en_US: { Success: 'Done', Nope: ' ' } }, defaultLocale: 'en_US', success })).toThrow('Nope has no en_US message');
    expect(() => codeBook({ statuses, messages: { en_US: { Success: 'Done' } as Record<'Success' | 'Nope', string> }, defaultLocale: 'en_US', success })).toThrow('Nope has no en_US message');
    expect(() => codeBook({ statuses, messages: { en_US: { Success: 'a', Nope: 'b' } }, defaultLocale: 'pl_PL' as 'en_US', success })).toThrow('default locale pl_PL');
  });
});
