// Limits on what a request may carry before the runtime uses it as an identifier,
// a header or a log field. A requestId or correlation id becomes a database key, a
// reply header and a log field: bounded and from a safe set, it can never make a
// reply too large for the broker or a log line unbounded.

export const MAX_ID_LENGTH = 128;
const SAFE_ID = /^[A-Za-z0-9._:@/+=~-]+$/;

/** Why `id` cannot serve as a request identifier, or null when it can. */
export function idProblem(id: string): string | null {
  if (id.length === 0) return 'is empty';
  if (id.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  if (!SAFE_ID.test(id)) return 'has characters outside A-Z a-z 0-9 . _ : @ / + = ~ -';
  return null;
}

/** A value cut to a length that is safe to log. */
export function clip(value: string, max = 200): string {
  return value.length <= max ? value : `${value.slice(0, max)}…(${value.length} chars)`;
}
