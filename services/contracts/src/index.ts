// Facts several workspaces share, declared once. No dependencies and no I/O, so a
// pure domain module may import it. The runtime takes EncryptedField from here (the
// format its field crypto writes) and, in pinned-schemas.ts only, which `.avsc` each
// of a worker's topics is read and written with; its engine never learns the topics.
export * from './topics';
export { dlqOrigin, dlqTopicOf, isDlqTopic } from './dlq';
export type { Audience, ContactKind, ContactApproved, ContactEvent } from './contact-event';
export type { EncryptedField, MailDelivery, AnswerStatus, MailOutcome } from './documents';
export { SEALED_FIELDS, sealedAt, type SealedAt, type SealedCollection, type SealedField } from './sealed-fields';
