// The filters of `tail`: by key, and by requestId, which a request carries in its
// value and every reply in its value and its `correlation-id` header (an undecodable
// message can still match by header).

export interface MessageFilter {
  key?: string;
  requestId?: string;
}

export interface Filterable {
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
}

export function matches(m: Filterable, f: MessageFilter): boolean {
  if (f.key !== undefined && m.key !== f.key) return false;
  if (f.requestId === undefined) return true;
  const value = m.value as { requestId?: unknown } | null;
  return m.headers['correlation-id'] === f.requestId || value?.requestId === f.requestId;
}
