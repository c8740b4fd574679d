// What the batch engine needs, as small interfaces (no driver types), so one test
// suite can run it on in-memory stores and transport as well as on the real ones.
import type { Codec } from '../codec';
import type { ProcessedStore } from '../processed';
import type { ApplyDeps } from './apply';

/** Test-only crash points inside a chunk (TEST_CRASH_POINT); never set in production. */
export type CrashPoint = 'after-entities' | 'after-records';

export interface EngineDeps extends ApplyDeps {
  codec: Codec;
  processed: ProcessedStore;
  /** How long a processed request is kept (at least 7 days). */
  retentionMs: number;
  crash?: (point: CrashPoint, requestIds: readonly string[]) => void;
  /** null when the dependencies serve, else the failure of one (probe.ts); none: taken as serving. */
  probe?: () => Promise<Error | null>;
}
