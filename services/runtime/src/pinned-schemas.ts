// The repository's schemas a worker pins (SPEC §7 "Schemas are pinned"): for each
// topic it owns or consumes (services/contracts), the subject `<topic>-value` under
// the name its configuration gives the topic, with the text of the declared topic's
// `.avsc` from schemas/. A missing or unreadable file throws: the worker cannot start.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { topicsOf, WORKERS } from '@workers/contracts';

/** services/runtime/{src,dist}/ → the repository (or image) root, which holds schemas/. */
export const rootDir = resolve(__dirname, '..', '..', '..');

/** Subject → `.avsc` text; none for a service that is not a declared worker. */
export function pinnedSchemas(service: string, config: object, root = rootDir): Record<string, string> {
  const worker = WORKERS.find((w) => w === service);
  if (!worker) return {};
  const named = config as Record<string, unknown>;
  return Object.fromEntries(
    topicsOf(worker).map((t) => {
      const configured = t.variable ? named[t.variable] : undefined;
      const topic = typeof configured === 'string' && configured !== '' ? configured : t.name;
      return [`${topic}-value`, readFileSync(resolve(root, t.schemaFile ?? `${t.name} has no schema`), 'utf8')];
    }),
  );
}
