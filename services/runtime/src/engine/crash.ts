// Test-only crash points (TEST_CRASH_POINT), for the scenarios that SIGKILL a worker
// at each step of a chunk and check that nothing is lost or applied twice. A point
// fires only for a chunk holding a requestId that starts with `crash-`, and never
// when NODE_ENV=production.
//   after-entities  entity writes done, processed records not written
//   after-records   processed records written, transaction not committed
//   mid-entities    half of a chunk's entity writes done (inside the bulk write)
//   mid-records     half of a chunk's processed records written
import type { BaseConfig } from '../config';
import type { ProcessedStore } from '../processed';
import type { EntityStore } from '../store/entity-store';
import type { CrashPoint } from './deps';

const armed = (config: BaseConfig, point: string): boolean =>
  config.TEST_CRASH_POINT === point && process.env.NODE_ENV !== 'production';
const crashing = (ids: readonly string[]): boolean => ids.some((id) => id.startsWith('crash-'));
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

export function crashHook(config: BaseConfig): ((point: CrashPoint, ids: readonly string[]) => void) | undefined {
  if (config.TEST_CRASH_POINT !== 'after-entities' && config.TEST_CRASH_POINT !== 'after-records') return undefined;
  return (point, ids) => {
    if (armed(config, point) && crashing(ids)) die();
  };
}

/** Splits a bulk write in two and dies between the halves (mid-entities). */
export function crashingStores(
  entities: Readonly<Record<string, EntityStore<unknown>>>,
  config: BaseConfig,
): Readonly<Record<string, EntityStore<unknown>>> {
  if (!armed(config, 'mid-entities')) return entities;
  return Object.fromEntries(
    Object.entries(entities).map(([name, s]) => [
      name,
      {
        load: (ids) => s.load(ids),
        async save(writes) {
          if (writes.length < 2 || !crashing(writes.flatMap((w) => w.applied.map((m) => m.requestId))))
            return s.save(writes);
          await s.save(writes.slice(0, Math.floor(writes.length / 2)));
          return die();
        },
      } satisfies EntityStore<unknown>,
    ]),
  );
}

/** Splits the processed-records write in two and dies between the halves (mid-records). */
export function crashingProcessed(processed: ProcessedStore, config: BaseConfig): ProcessedStore {
  if (!armed(config, 'mid-records')) return processed;
  return {
    getMany: (keys) => processed.getMany(keys),
    purgeExpired: (now) => processed.purgeExpired(now),
    async putMany(records) {
      if (records.length < 2 || !crashing(records.map((r) => r.requestId))) return processed.putMany(records);
      await processed.putMany(records.slice(0, Math.floor(records.length / 2)));
      return die();
    },
  };
}
