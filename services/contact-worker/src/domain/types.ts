// The contact domain's data: decoded request payloads (mirroring
// schemas/crm.contact.requests.avsc), the stored ContactRecord and the approval
// event (schemas/crm.contact.events.avsc). Contract: timestamps are epoch
// milliseconds, optional Avro fields are `null` when absent. In CreateContact a
// blank linkUrl / policyNumber counts as absent; in UpdateContact `null` leaves a
// field unchanged and a blank linkUrl / policyNumber removes it. The approval event's
// payload is shared with the mail worker (services/contracts).
import type {
  AnswerStatus,
  Audience,
  ContactApproved,
  ContactEvent,
  ContactKind,
  MailOutcome,
} from '@workers/contracts';

export type { AnswerStatus, Audience, ContactApproved, ContactEvent, ContactKind };
export type ActionRequestType =
  | 'IDENTITY_VERIFICATION'
  | 'PAYMENT_ROUTE_DEFECT'
  | 'UNDERWRITING'
  | 'DOCUMENT_SUBMISSION'
  | 'OTHER';
export type SenderType = 'HUMAN' | 'SYSTEM';

export interface ResponseLanguage {
  clientLanguage: string | null;
  cashierLanguage: string | null;
}

export interface Sender {
  name: string;
  type: SenderType;
}

export interface CreateContact {
  contactId: string | null;
  audience: Audience;
  personalId: string | null;
  accountId: string | null;
  kind: ContactKind;
  actionRequestType: ActionRequestType | null;
  policyNumber: string | null;
  title: string;
  body: string;
  linkUrl: string | null;
  publishAt: number;
  sender: Sender;
  createdBy: string;
}

export interface UpdateContact {
  contactId: string;
  updatedBy: string;
  title: string | null;
  body: string | null;
  linkUrl: string | null;
  policyNumber: string | null;
  publishAt: number | null;
  answerStatus: AnswerStatus | null;
  expectedVersion: number | null;
  approvedBy: string | null;
}

/**
 * Every field of an UpdateContact that `null` leaves unchanged, all null: spread under
 * the fields a request does change (tests, benchmarks and the chaos mix build theirs so).
 */
export const UNCHANGED = {
  title: null,
  body: null,
  linkUrl: null,
  policyNumber: null,
  publishAt: null,
  answerStatus: null,
  expectedVersion: null,
  approvedBy: null,
} as const satisfies Omit<UpdateContact, 'contactId' | 'updatedBy'>;

export interface DeleteContact {
  contactId: string;
  deletedBy: string;
}

/** Operation name (the Avro union branch's short name) → its payload. */
export interface ContactPayloads {
  CreateContact: CreateContact;
  UpdateContact: UpdateContact;
  DeleteContact: DeleteContact;
}
export type ContactOperationName = keyof ContactPayloads;
export const CONTACT_OPERATIONS: readonly ContactOperationName[] = ['CreateContact', 'UpdateContact', 'DeleteContact'];

/** A whole decoded request; avsc reads the operation union as { "crm.contact.<Name>": payload }. */
export interface ContactRequest {
  requestId: string;
  sentAt: number;
  source: string;
  responseLanguage: ResponseLanguage | null;
  operation: { [N in ContactOperationName]: { [K in `crm.contact.${N}`]: ContactPayloads[N] } }[ContactOperationName];
}

/** The stored document: one per contact; the create's fields as given, blanks as null. */
export interface ContactRecord extends Omit<CreateContact, 'contactId'> {
  contactId: string;
  createdAt: number;
  /** 有効: false (無効) until approved; a contact that is not valid is neither shown nor mailed. */
  valid: boolean;
  approvedBy: string | null;
  approvedAt: number | null;
  /** UNANSWERED for ACTION_REQUEST and NOT_APPLICABLE for NOTICE at creation. */
  answerStatus: AnswerStatus;
  deleted: boolean;
  deletedBy: string | null;
  deletedAt: number | null;
  /** The creator and creation time until the first update. */
  updatedBy: string;
  /**
   * Who last changed what the customer reads (title, body, linkUrl, policyNumber,
   * publishAt): the creator until an update changes one of them. The reviewer may be
   * neither this person nor the creator (four-eyes approval, 審査する人とコールセンターは別).
   */
  contentUpdatedBy: string;
  updatedAt: number;
  /** 1 when created, +1 on every change; writes are conditional on it. */
  version: number;
  /** requestId of the CreateContact that made it: a re-sent create is recognized by it. */
  createRequestId: string;
  /**
   * メール送信済みフラグ: a mail was sent (to at least one recipient). Set by the mail
   * worker (never by this worker) once every recipient of the approval mail is
   * settled, with the time of that; mailSettledAt and mailOutcome say when and how
   * the mail step ended, whether or not anything was sent.
   */
  mailSent: boolean;
  mailSentAt: number | null;
  mailSettledAt: number | null;
  mailOutcome: MailOutcome | null;
}

/** The approval event as the domain sees it: the payload plus the event's id and time. */
export interface ContactApprovedEvent extends ContactApproved {
  eventId: string;
  occurredAt: number;
}
