// A request as handlers see it, and what they answer. Handlers never touch node:http.
import type { ConsoleDeps } from '../deps';

export interface ConsoleRequest {
  url: URL;
  /** Parsed JSON body of a POST (undefined for GET). */
  body: unknown;
}

export interface ConsoleReply {
  status: number;
  type: 'html' | 'json' | 'js' | 'css' | 'text';
  body: string;
  location?: string;
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
