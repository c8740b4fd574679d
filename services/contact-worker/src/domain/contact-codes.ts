// The contact domain's one code table (docs/rules.md#contacts, plus the common codes
// of docs/rules.md#one-question-one-answer), each with a message in ja_JP (the
// default) and en_US. Success is 201 for CreateContact, 200 for UpdateContact and
// DeleteContact. Imports the runtime's pure entry only, so it loads no I/O code.
import { codeBook } from '@workers/runtime/pure';
import { MESSAGES_EN_US } from '../messages/en_US';
import { MESSAGES_JA_JP } from '../messages/ja_JP';
import type { ContactOperationName } from './types';

const STATUSES = {
  Success: 200,
  ValidationFailed: 400,
  PolicyNumberRequired: 400,
  ContactNotFound: 404,
  ContactDeleted: 409,
  ContactAlreadyAnswered: 409,
  ContactAlreadyApproved: 409,
  SelfApprovalNotAllowed: 403,
  ContactAlreadyExists: 409,
  VersionConflict: 409,
  DuplicateRequestId: 409,
  MalformedRequest: 400,
  InternalError: 500,
} as const;
export type ContactCode = keyof typeof STATUSES;

const SUCCESS: Readonly<Record<ContactOperationName, 200 | 201>> = {
  CreateContact: 201,
  UpdateContact: 200,
  DeleteContact: 200,
};

/** Japanese first: the default. */
export const CONTACT_CODES = codeBook(STATUSES, { ja_JP: MESSAGES_JA_JP, en_US: MESSAGES_EN_US }, SUCCESS);
