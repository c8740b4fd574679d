// Exit codes every command shares, and the error that carries one to cli.ts.
// Commands print their results themselves; an OpsError is for what stops them.

export const EXIT = {
  ok: 0,
  /** The command ran and found problems (differences, incompatible schemas), or a server failed. */
  failed: 1,
  /** Bad or missing configuration or arguments: nothing was done. */
  usage: 2,
  /** A wait ended without what it waited for (no reply, fewer messages than --max). */
  timeout: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Stops a command: each line is printed to stderr as `ops: <line>`, then the process exits with `code`. */
export class OpsError extends Error {
  override readonly name = 'OpsError';
  constructor(
    readonly code: ExitCode,
    readonly lines: string[],
  ) {
    super(lines.join('; '));
  }
}

export const usageError = (...lines: string[]): OpsError => new OpsError(EXIT.usage, lines);
export const failure = (...lines: string[]): OpsError => new OpsError(EXIT.failed, lines);
