// The outcome counts the contact record keeps beside its mail-sent flag, from a
// settled dispatch's count per delivery status. The flag itself means "a mail was
// sent": true only when `sent` > 0.
import type { DeliveryStatus, MailOutcome } from './types';

export function mailOutcome(summary: Partial<Record<DeliveryStatus, number>>): MailOutcome {
  const n = (s: DeliveryStatus): number => summary[s] ?? 0;
  const skipped = Object.entries(summary).reduce((sum, [s, c]) => sum + (s.startsWith('SKIPPED_') ? (c ?? 0) : 0), 0);
  return { sent: n('SENT'), skipped, failed: n('FAILED'), inDoubt: n('IN_DOUBT') };
}
