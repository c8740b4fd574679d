// Whether the SMTP server answers. A send that fails for the connection (not for
// the recipient) marks the link down: sending holds everywhere in the process, so
// an outage costs each recipient at most one attempt, and readiness is false. The
// dispatcher probes with the runtime's backoff until the server answers again.
import { backoffDelay } from '@workers/runtime';
import type { MailLogger } from '../names';
import type { MailSender } from '../smtp/sender';
import { scrubError } from '../domain/scrub';

const PROBE = { baseMs: 250, capMs: 5000 };

export class SmtpLink {
  private state: 'unknown' | 'up' | 'down' = 'unknown';
  private failedProbes = 0;

  constructor(
    private readonly sender: MailSender,
    private readonly logger: MailLogger,
  ) {}

  get up(): boolean {
    return this.state === 'up';
  }

  down(reason: string): void {
    if (this.state === 'down') return;
    this.state = 'down';
    this.failedProbes = 0;
    this.logger.warn('smtp.unavailable', { error: scrubError(reason) });
  }

  /** Asks the server; on failure returns how long to wait before the next probe. */
  async probe(): Promise<{ up: true } | { up: false; retryInMs: number }> {
    try {
      await this.sender.verify();
      if (this.state !== 'up') this.logger.info('smtp.recovered', { afterProbes: this.failedProbes });
      this.state = 'up';
      this.failedProbes = 0;
      return { up: true };
    } catch (err) {
      this.down(err instanceof Error ? err.message : String(err));
      this.failedProbes++;
      return { up: false, retryInMs: backoffDelay(this.failedProbes - 1, PROBE) };
    }
  }
}
