// A request as handlers see it, and what they answer. Handlers never touch node:http.
import type { ConsoleDeps } from '../deps';

export interface ConsoleRequest {
  url: URL;
  /** Parsed JSON body of a POST (undefined for GET). */
  body: unknown;
  /**
   * Who asks: the name given at sign-in (or in X-Operator with a Bearer token); null for
   * a Bearer call without X-Operator and on a console without a token. Write routes
   * are only reached with a name.
   */
  operator: string | null;
}

export interface ConsoleReply {
  status: number;
  type: 'html' | 'json' | 'js' | 'css' | 'text' | 'yaml';
  body: string;
  location?: string;
  /** Further headers (set-cookie, retry-after). */
  headers?: Record<string, string>;
}

export type Handler = (req: ConsoleRequest, d: ConsoleDeps) => Promise<ConsoleReply>;

export const htmlReply = (body: { toString(): string }, status = 200): ConsoleReply => ({
  status,
  type: 'html',
  body: body.toString(),
});
export const jsonReply = (value: unknown, status = 200): ConsoleReply => ({
  status,
  type: 'json',
  body: JSON.stringify(value),
});

/** A handler's refusal that becomes a JSON error reply with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
