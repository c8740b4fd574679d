// Fields of the contact worker's documents (`contacts`, `accounts`) that another
// workspace reads or writes: the mail worker reads addresses and settings and
// records the settled mail step on the contact; the operator tools read addresses.

/**
 * AES-256-GCM ciphertext of a personal field at rest (e-mail, phone), every part
 * base64; `kid` names the key, so keys can rotate (docs/rules.md#accounts). Written
 * and read by the runtime's field crypto.
 */
export interface EncryptedField {
  /** 2: bound to its collection, document id and field. Absent: the first format, opened only by `ops rekey`. */
  v?: number;
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export type MailDelivery = 'ENABLED' | 'STOPPED';
export type AnswerStatus = 'UNANSWERED' | 'ANSWERED' | 'NOT_APPLICABLE';

/** What a contact keeps beside its mail-sent flag (メール送信済みフラグ) once its mail step is settled. */
export interface MailOutcome {
  sent: number;
  skipped: number;
  failed: number;
  /** Handed to SMTP when the process died: maybe delivered, never resent. */
  inDoubt: number;
}
