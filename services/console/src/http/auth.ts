// Who is asking. With CONSOLE_TOKEN set, every page and API (not /login, /healthz and
// the two static files, which hold no data) needs either `Authorization: Bearer
// <token>` or the session cookie /login sets. The token is compared in constant time
// (both sides hashed first, so the lengths match too). Wrong tokens, by header or at
// /login, count against the client's lockout; a locked-out client is answered 429
// before its token is looked at. Without CONSOLE_TOKEN (allowed on loopback only,
// config.ts) everyone is let in, unnamed, and nothing can be written.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Lockout } from '../domain/lockout';
import type { ConsoleLogger } from '../logger';
import { Sessions, sessionIdOf } from './sessions';

export type Who =
  /** `operator` is null for a Bearer call without X-Operator, and on a console without a token. */
  | { kind: 'in'; operator: string | null; by: 'bearer' | 'session' | 'open' }
  | { kind: 'anonymous' }
  | { kind: 'wrong' }
  | { kind: 'locked'; retryAfterS: number };

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * An operator's name as given at /login or in X-Operator: 1 to 64 letters, digits,
 * spaces and `._@-`, starting with a letter or digit; null otherwise. It is logged
 * with each reveal and replay, so no control character or markup gets through.
 */
export function operatorName(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const name = raw.trim();
  return /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,63}$/u.test(name) ? name : null;
}

export const clientOf = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';

export class Gate {
  readonly sessions = new Sessions();
  private readonly lockout = new Lockout();

  constructor(
    private readonly token: string | undefined,
    private readonly logger: ConsoleLogger,
  ) {}

  get open(): boolean {
    return !this.token;
  }

  private matches(given: string): boolean {
    return !!this.token && timingSafeEqual(digest(given), digest(this.token));
  }

  /** Checks a token given by `client` (header or form), counting failures; `locked` answers without comparing. */
  check(client: string, given: string, now = Date.now()): 'ok' | 'wrong' | { retryAfterS: number } {
    const wait = this.lockout.waitMs(client, now);
    if (wait > 0) return { retryAfterS: Math.ceil(wait / 1000) };
    if (this.matches(given)) {
      this.lockout.succeeded(client);
      return 'ok';
    }
    const locked = this.lockout.failed(client, now);
    this.logger.warn('console.denied', { client, lockedForMs: locked });
    return 'wrong';
  }

  who(req: IncomingMessage): Who {
    if (this.open) return { kind: 'in', operator: null, by: 'open' };
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const given = /^Bearer (\S+)$/.exec(auth)?.[1] ?? '';
      const r = this.check(clientOf(req), given);
      if (r === 'wrong') return { kind: 'wrong' };
      if (r !== 'ok') return { kind: 'locked', retryAfterS: r.retryAfterS };
      return { kind: 'in', operator: operatorName(req.headers['x-operator']), by: 'bearer' };
    }
    const id = sessionIdOf(req.headers.cookie);
    const operator = id ? this.sessions.operator(id) : null;
    return operator ? { kind: 'in', operator, by: 'session' } : { kind: 'anonymous' };
  }
}
