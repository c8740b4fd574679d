import { COMMON_CODES, localize } from '@workers/runtime';
import { CARD_CODES, CARD_CODE_TABLE, CARD_LOCALES, DEFAULT_LOCALE, INTERNAL_ERROR_CODE, cardMessage, successStatus, type CardCode } from '../../src/domain/codes';
import { CARD_OPERATIONS } from '../../src/domain/types';

describe('card code table', () => {
  const expected: Record<CardCode, number> = {
    Success: 200,
    CardAlreadyRegistered: 409,
    CustomerWithGivenCardNumberNotFound: 400,
    IncorrectPhoneNumber: 400,
    CardWasNotWaitingForActivation: 422,
    CustomerActivationError: 500,
    UnknownError: 500,
    ValidationFailed: 400,
    DuplicateRequestId: 409,
    MalformedRequest: 400,
    InternalError: 500,
  };

  it.each(Object.entries(expected))('%s has status %d and is not retriable', (code, status) => {
    const spec = CARD_CODE_TABLE[code as CardCode];
    expect(spec.status).toBe(status);
    expect(spec.retriable).toBe(false);
  });

  it('holds exactly the listed codes, including the common ones', () => {
    expect(Object.keys(CARD_CODE_TABLE).sort()).toEqual([...CARD_CODES].sort());
    for (const c of COMMON_CODES) expect(CARD_CODES).toContain(c);
  });

  it.each(CARD_CODES.flatMap((c) => CARD_LOCALES.map((l) => [c, l] as const)))('%s has a %s message', (code, locale) => {
    const text = CARD_CODE_TABLE[code].messages[locale];
    expect(typeof text).toBe('string');
    expect(text?.trim().length).toBeGreaterThan(0);
  });

  it('Polish and English texts differ for every code', () => {
    for (const c of CARD_CODES) expect(CARD_CODE_TABLE[c].messages.pl_PL).not.toBe(CARD_CODE_TABLE[c].messages.en_US);
  });

  it('keeps the source document\'s Polish wording', () => {
    expect(CARD_CODE_TABLE.CardAlreadyRegistered.messages.pl_PL).toBe('Karta jest już zarejestrowana');
    expect(CARD_CODE_TABLE.CustomerWithGivenCardNumberNotFound.messages.pl_PL).toBe('Nie odnaleziono klienta o podanym numerze karty');
    expect(CARD_CODE_TABLE.IncorrectPhoneNumber.messages.pl_PL).toBe('Błędny numer telefonu');
    expect(CARD_CODE_TABLE.CardWasNotWaitingForActivation.messages.pl_PL).toBe('Karta nie oczekiwała na aktywację');
    expect(CARD_CODE_TABLE.CustomerActivationError.messages.pl_PL).toBe('Błąd podczas aktywacji klienta');
  });

  it('defaults to pl_PL', () => {
    expect(DEFAULT_LOCALE).toBe('pl_PL');
    expect(cardMessage('IncorrectPhoneNumber', null)).toBe('Błędny numer telefonu');
    expect(cardMessage('IncorrectPhoneNumber', 'ja_JP')).toBe('Błędny numer telefonu');
    expect(cardMessage('IncorrectPhoneNumber', 'en_US')).toBe('Incorrect phone number');
    expect(localize(CARD_CODE_TABLE, 'Success', undefined, DEFAULT_LOCALE)).toBe(CARD_CODE_TABLE.Success.messages.pl_PL);
  });

  it('Success is 200 for RegisterCard and 204 for the other operations', () => {
    expect(successStatus('RegisterCard')).toBe(200);
    expect(successStatus('ActivateCard')).toBe(204);
    expect(successStatus('ChangePhoneNumber')).toBe(204);
    expect(successStatus('LockCard')).toBe(204);
    expect(CARD_OPERATIONS).toHaveLength(4);
  });

  it('an unexpected failure answers the source\'s codes: CustomerActivationError for activation, UnknownError otherwise', () => {
    expect(INTERNAL_ERROR_CODE).toEqual({
      RegisterCard: 'UnknownError', ActivateCard: 'CustomerActivationError', ChangePhoneNumber: 'UnknownError', LockCard: 'UnknownError',
    });
    for (const op of CARD_OPERATIONS) expect(CARD_CODE_TABLE[INTERNAL_ERROR_CODE[op]].status).toBe(500);
  });

  it('UnknownError says nothing about the failure, in both languages', () => {
    expect(cardMessage('UnknownError', 'pl_PL')).toBe('Wystąpił nieznany błąd serwera; spróbuj ponownie później');
    expect(cardMessage('UnknownError', 'en_US')).toBe('An unknown server error occurred; please try again later');
  });
});
