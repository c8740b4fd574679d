// The card codes: each operation's statuses (its file under operations/), the texts in
// Polish and English, the defaults.
import { CARD_MESSAGES } from '../../src/domain/codes';
import { CARD_OPERATIONS } from '../../src/domain/types';
import { cardOperations } from '../../src/routes';
import { phones } from './fixtures';

const operations = cardOperations(phones);

describe('card codes', () => {
  const { message } = CARD_MESSAGES;

  it("every operation answers the rules' codes with their statuses, the common ones included", () => {
    // By status over all operations, Success aside, each code once.
    const byStatus: Record<number, string[]> = {};
    for (const op of Object.values(operations))
      for (const [c, status] of Object.entries(op.codes))
        if (c !== 'Success' && !byStatus[status]?.includes(c)) byStatus[status] = [...(byStatus[status] ?? []), c];
    for (const list of Object.values(byStatus)) list.sort();
    expect(byStatus).toEqual({
      400: ['CustomerWithGivenCardNumberNotFound', 'IncorrectPhoneNumber', 'MalformedRequest', 'ValidationFailed'],
      409: ['CardAlreadyRegistered', 'DuplicateRequestId'],
      422: ['CardWasNotWaitingForActivation'],
      500: ['CustomerActivationError', 'UnknownError'],
    });
  });

  it('has a Polish and a different English text for every code', () => {
    expect(CARD_MESSAGES.locales).toEqual(['pl_PL', 'en_US']);
    for (const c of CARD_MESSAGES.codes) expect(CARD_MESSAGES.table[c]!.pl_PL).not.toBe(CARD_MESSAGES.table[c]!.en_US);
  });

  it("keeps the source document's Polish wording", () => {
    expect(message('CardAlreadyRegistered', 'pl_PL')).toBe('Karta jest już zarejestrowana');
    expect(message('CustomerWithGivenCardNumberNotFound', 'pl_PL')).toBe(
      'Nie odnaleziono klienta o podanym numerze karty',
    );
    expect(message('CardWasNotWaitingForActivation', 'pl_PL')).toBe('Karta nie oczekiwała na aktywację');
    expect(message('CustomerActivationError', 'pl_PL')).toBe('Błąd podczas aktywacji klienta');
  });

  it('defaults to pl_PL', () => {
    expect(CARD_MESSAGES.defaultLocale).toBe('pl_PL');
    expect(message('IncorrectPhoneNumber', null)).toBe('Błędny numer telefonu');
    expect(message('IncorrectPhoneNumber', 'ja_JP')).toBe('Błędny numer telefonu');
    expect(message('IncorrectPhoneNumber', 'en_US')).toBe('Incorrect phone number');
  });

  it('Success is 200 for RegisterCard and 204 for the other operations', () => {
    expect(CARD_OPERATIONS.map((op) => operations[op].codes.Success)).toEqual([200, 204, 204, 204]);
    expect(CARD_OPERATIONS).toEqual(['RegisterCard', 'ActivateCard', 'ChangePhoneNumber', 'LockCard']);
  });

  it("an unexpected failure answers the source's codes: CustomerActivationError for activation, UnknownError otherwise", () => {
    expect(Object.fromEntries(CARD_OPERATIONS.map((op) => [op, operations[op].errorCode]))).toEqual({
      RegisterCard: 'UnknownError',
      ActivateCard: 'CustomerActivationError',
      ChangePhoneNumber: 'UnknownError',
      LockCard: 'UnknownError',
    });
    for (const op of CARD_OPERATIONS) expect(operations[op].codes[operations[op].errorCode]).toBe(500);
  });

  it('UnknownError says nothing about the failure, in both languages', () => {
    expect(message('UnknownError', 'pl_PL')).toBe('Wystąpił nieznany błąd serwera; spróbuj ponownie później');
    expect(message('UnknownError', 'en_US')).toBe('An unknown server error occurred; please try again later');
  });
});
