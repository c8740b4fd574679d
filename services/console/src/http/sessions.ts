// Signed-in operators: a random session id (32 bytes, base64url) in an HttpOnly,
// SameSite=Strict cookie maps to the operator's name, in this process's memory only
// (a restart signs everyone out). The cookie never carries the token. Sessions end
// after MAX_AGE_MS or at sign-out; at most MAX_SESSIONS live at once (the oldest is
// dropped first).
import { randomBytes } from 'node:crypto';

export const COOKIE = 'console_session';
export const MAX_AGE_MS = 12 * 3600_000;
const MAX_SESSIONS = 1000;

interface Session {
  operator: string;
  expires: number;
}

export class Sessions {
  private readonly live = new Map<string, Session>();

  create(operator: string, now = Date.now()): string {
    const id = randomBytes(32).toString('base64url');
    this.live.set(id, { operator, expires: now + MAX_AGE_MS });
    while (this.live.size > MAX_SESSIONS) this.live.delete(this.live.keys().next().value as string);
    return id;
  }

  /** The operator signed in under `id`, or null (unknown, ended or expired). */
  operator(id: string, now = Date.now()): string | null {
    const s = this.live.get(id);
    if (!s) return null;
    if (s.expires <= now) {
      this.live.delete(id);
      return null;
    }
    return s.operator;
  }

  end(id: string): void {
    this.live.delete(id);
  }
}

/** The session id from a Cookie header, if there is one of ours. */
export function sessionIdOf(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) {
      const v = part.slice(eq + 1).trim();
      return /^[\w-]{43}$/.test(v) ? v : null;
    }
  }
  return null;
}

export function sessionCookie(id: string, secure: boolean): string {
  return `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${MAX_AGE_MS / 1000}${secure ? '; Secure' : ''}`;
}

export function clearedCookie(secure: boolean): string {
  return `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0${secure ? '; Secure' : ''}`;
}
