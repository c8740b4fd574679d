// English (US) reply texts, one per card code.
import type { CardCode } from '../domain/codes';

export const MESSAGES_EN_US: Readonly<Record<CardCode, string>> = {
  Success: 'Operation completed successfully',
  CardAlreadyRegistered: 'The card is already registered',
  CustomerWithGivenCardNumberNotFound: 'No customer found with the given card number',
  IncorrectPhoneNumber: 'Incorrect phone number',
  CardWasNotWaitingForActivation: 'The card was not waiting for activation',
  CustomerActivationError: 'Error while activating the customer',
  UnknownError: 'An unknown server error occurred; please try again later',
  ValidationFailed: 'The request contains invalid data',
  DuplicateRequestId: 'A request with this identifier was already received with different content',
  MalformedRequest: 'The request could not be read',
  InternalError: 'An unexpected server error occurred',
};
