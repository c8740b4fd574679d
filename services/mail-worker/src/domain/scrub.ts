// SMTP servers often echo the recipient in their replies ("550 5.1.1 <x@y>: unknown
// user"). Error texts are stored and logged, and addresses must never be, so every
// error text passes through here first. Lengths are capped too.
const ADDRESS = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;
const MAX = 300;

export function scrubError(text: string): string {
  const clean = text.replace(ADDRESS, '[address]').replace(/\s+/g, ' ').trim();
  return clean.length > MAX ? `${clean.slice(0, MAX)}…` : clean;
}
