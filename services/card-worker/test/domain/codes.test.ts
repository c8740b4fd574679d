import { COMMON_CODES } from '@workers/runtime';
import { CARD_CODES, INTERNAL_ERROR_CODE } from '../../src/domain/codes';
import { CARD_OPERATIONS } from '../../src/domain/types';

describe('card code table', () => {
  const { table, message } = CARD_CODES;

  it("holds the rules' codes with their statuses, the common ones included", () => {
    // By status, each list in the order declared.
    const byStatus: Record<number, string[]> = {};
    for (const c of CARD_CODES.codes) byStatus[table[c].status] = [...(byStatus[table[c].status] ?? []), c];
    expect(byStatus).toEqual({
      200: ['Success'],
      400: ['CustomerWithGivenCardNumberNotFound', 'IncorrectPhoneNumber', 'ValidationFailed', 'MalformedRequest'],
      409: ['CardAlreadyRegistered', 'DuplicateRequestId'],
      422: ['CardWasNotWaitingForActivation'],
      500: ['CustomerActivationError', 'UnknownError', 'InternalError'],
    });
    for (const c of COMMON_CODES) expect(CARD_CODES.codes).toContain(c);
  });

  it('has a Polish and a different English text for every code', () => {
    expect(CARD_CODES.locales).toEqual(['pl_PL', 'en_US']);
    for (const c of CARD_CODES.codes) expect(table[c].messages.pl_PL).not.toBe(table[c].messages.en_US);
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
    expect(CARD_CODES.defaultLocale).toBe('pl_PL');
    expect(message('IncorrectPhoneNumber', null)).toBe('Błędny numer telefonu');
    expect(message('IncorrectPhoneNumber', 'ja_JP')).toBe('Błędny numer telefonu');
    expect(message('IncorrectPhoneNumber', 'en_US')).toBe('Incorrect phone number');
  });

  it('Success is 200 for RegisterCard and 204 for the other operations', () => {
    expect(CARD_OPERATIONS.map((op) => CARD_CODES.successStatus(op))).toEqual([200, 204, 204, 204]);
    expect(CARD_OPERATIONS).toEqual(['RegisterCard', 'ActivateCard', 'ChangePhoneNumber', 'LockCard']);
  });

  it("an unexpected failure answers the source's codes: CustomerActivationError for activation, UnknownError otherwise", () => {
    expect(INTERNAL_ERROR_CODE).toEqual({
      RegisterCard: 'UnknownError',
      ActivateCard: 'CustomerActivationError',
      ChangePhoneNumber: 'UnknownError',
      LockCard: 'UnknownError',
    });
    for (const op of CARD_OPERATIONS) expect(table[INTERNAL_ERROR_CODE[op]].status).toBe(500);
  });

  it('UnknownError says nothing about the failure, in both languages', () => {
    expect(message('UnknownError', 'pl_PL')).toBe('Wystąpił nieznany błąd serwera; spróbuj ponownie później');
    expect(message('UnknownError', 'en_US')).toBe('An unknown server error occurred; please try again later');
  });
});
