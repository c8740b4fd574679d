// The database's probe (probe.ts): one small write, acknowledged as the client's writes
// are, then the read of it back from the primary. A ping is not enough: a primary that
// stepped down, or one without a majority, still answers pings while it refuses every
// write (and a secondary refuses primary reads). One document per process, upserted in
// place, so the collection stays as small as the number of processes.
import type { Db } from 'mongodb';
import type { DependencyProbe } from '../probe';

export const PROBE_COLLECTION = 'runtime_probes';

export function mongoProbe(db: Db, processId: string): DependencyProbe {
  const probes = db.collection<{ _id: string; at: Date }>(PROBE_COLLECTION);
  return {
    name: 'mongodb',
    check: async () => {
      await probes.updateOne({ _id: processId }, { $set: { at: new Date() } }, { upsert: true, maxTimeMS: 5_000 });
      await probes.findOne({ _id: processId }, { maxTimeMS: 5_000 });
    },
  };
}
