// English (US) reply texts, one per contact or account code; codes common to both
// domains share one text.
import type { AccountCode, ContactCode } from '../domain/codes';

export const MESSAGES_EN_US: Readonly<Record<ContactCode | AccountCode, string>> = {
  Success: 'Operation completed successfully',
  ValidationFailed: 'The request contains invalid data',
  PolicyNumberRequired: 'A policy number is required for this action request type',
  ContactNotFound: 'No contact found with the given contact ID',
  ContactDeleted: 'The contact has been deleted',
  ContactAlreadyAnswered: 'The contact has already been answered and can no longer be updated',
  ContactAlreadyApproved: 'The contact has already been approved',
  SelfApprovalNotAllowed:
    "The contact's creator or the author of its last change cannot approve it; another person must approve it",
  ContactAlreadyExists: 'The given contact ID is already in use',
  VersionConflict: 'The contact was changed by another update; check the latest version and try again',
  AccountNotFound: 'No account found with the given account ID',
  PersonalIdMismatch: 'The personal ID does not match the account',
  DuplicateRequestId: 'A request with this identifier was already received with different content',
  MalformedRequest: 'The request could not be read',
  InternalError: 'An unexpected server error occurred',
};
