// Key values this repository has published. Anyone can read them, so they protect
// nothing: with NODE_ENV=production a process refuses them at start, naming the
// variable. Every key value ever committed belongs here (git history is public too);
// test/unit/compose/published-keys.test.ts fails when a tracked file carries a
// 32-byte base64 value that this list lacks.

/** base64 of 32 bytes each; compared by their bytes, so padding or spelling variants are caught too. */
export const PUBLISHED_KEYS: readonly string[] = [
  // docker-compose.yml's demo EMAIL_KEY (2026-11-22 to 2026-12): "compose-demo-key-NOT-FOR-PROD-01"
  'Y29tcG9zZS1kZW1vLWtleS1OT1QtRk9SLVBST0QtMDE=',
  // docker-compose.yml's demo EMAIL_HASH_KEY: "compose-demo-hash-NOT-FOR-PROD-1"
  'Y29tcG9zZS1kZW1vLWhhc2gtTk9ULUZPUi1QUk9ELTE=',
];

const published = new Set(PUBLISHED_KEYS.map((k) => Buffer.from(k, 'base64').toString('hex')));

/** True when `b64` decodes to the bytes of a published key. */
export function isPublishedKey(b64: string): boolean {
  const bytes = Buffer.from(b64.trim(), 'base64');
  return bytes.length > 0 && published.has(bytes.toString('hex'));
}

/** The variables that hold key material. EMAIL_PREVIOUS_KEYS is `kid:base64,…`. */
const KEY_VARIABLES = ['EMAIL_KEY', 'EMAIL_HASH_KEY', 'EMAIL_PREVIOUS_KEYS'] as const;

/**
 * One problem line per key variable holding a published key, when NODE_ENV=production;
 * none otherwise (a demo or a test may use them). Never prints the key.
 */
export function publishedKeyProblems(env: NodeJS.ProcessEnv): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return KEY_VARIABLES.filter((name) => {
    const value = env[name];
    if (!value) return false;
    const keys = name === 'EMAIL_PREVIOUS_KEYS' ? value.split(',').map((e) => e.slice(e.indexOf(':') + 1)) : [value];
    return keys.some(isPublishedKey);
  }).map(
    (name) =>
      `${name}: a key this repository publishes (docker-compose.yml's demo key) is refused with NODE_ENV=production; set your own (\`openssl rand -base64 32\`)`,
  );
}
