// Polish reply texts, one per card code (the default language). Texts the source
// document gives are kept word for word.
import type { CardCode } from '../domain/codes';

export const MESSAGES_PL_PL: Readonly<Record<CardCode, string>> = {
  Success: 'Operacja zakończona pomyślnie',
  CardAlreadyRegistered: 'Karta jest już zarejestrowana',
  CustomerWithGivenCardNumberNotFound: 'Nie odnaleziono klienta o podanym numerze karty',
  IncorrectPhoneNumber: 'Błędny numer telefonu',
  CardWasNotWaitingForActivation: 'Karta nie oczekiwała na aktywację',
  CustomerActivationError: 'Błąd podczas aktywacji klienta',
  UnknownError: 'Wystąpił nieznany błąd serwera; spróbuj ponownie później',
  ValidationFailed: 'Żądanie zawiera nieprawidłowe dane',
  DuplicateRequestId: 'Żądanie o tym identyfikatorze zostało już przyjęte z inną treścią',
  MalformedRequest: 'Nie udało się odczytać żądania',
  InternalError: 'Wystąpił nieoczekiwany błąd serwera',
};
