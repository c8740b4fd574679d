// Restarts a MongoDB server monitor that hangs. The Node driver (7.9.0) has a race:
// a heartbeat in flight when the server's socket dies can wait forever (the
// connection is cleaned up before the read begins, so nothing ever settles it, and
// a destroyed socket never times out). The monitor then never checks again, the
// server stays Unknown, and every operation fails server selection although the
// database is back: the process retries for ever (found by `npm run chaos`, 2 of 6
// processes after a database restart; reproduced with the bare driver).
//
// A heartbeat with no outcome after connectTimeoutMS + a margin is taken as hung,
// and each server's monitor is closed and started again (the driver's own
// close/connect). The driver's internals are reached defensively: if their shape
// changes, the watch does nothing.
import type { MongoClient } from 'mongodb';
import type { Logger } from '../logger';

interface MonitorLike {
  close(): void;
  connect(): void;
}

function monitors(client: MongoClient): MonitorLike[] {
  const servers = (client as unknown as { topology?: { s?: { servers?: Map<string, { monitor?: unknown }> } } })
    .topology?.s?.servers;
  if (!(servers instanceof Map)) return [];
  return [...servers.values()]
    .map((s) => s.monitor as MonitorLike)
    .filter((m) => typeof m?.close === 'function' && typeof m?.connect === 'function');
}

/** Watches `client`'s heartbeats; returns the function that stops watching. */
export function watchMongoMonitors(
  client: MongoClient,
  logger: Logger,
  o: { everyMs?: number; now?: () => number } = {},
): () => void {
  const now = o.now ?? Date.now;
  const hungMs = (client.options?.connectTimeoutMS || 30_000) + 5_000;
  const started = new Map<string, number>();
  const onStart = (e: { connectionId: string }): void => void started.set(e.connectionId, now());
  const onEnd = (e: { connectionId: string }): void => void started.delete(e.connectionId);
  client.on('serverHeartbeatStarted', onStart);
  client.on('serverHeartbeatSucceeded', onEnd);
  client.on('serverHeartbeatFailed', onEnd);
  const timer = setInterval(() => {
    const hung = [...started].filter(([, at]) => now() - at > hungMs).map(([address]) => address);
    if (hung.length === 0) return;
    for (const address of hung) started.delete(address);
    for (const m of monitors(client)) {
      m.close();
      m.connect();
    }
    logger.warn('mongodb.monitor_restarted', { servers: hung, hungMs });
  }, o.everyMs ?? 1_000);
  timer.unref();
  return () => {
    clearInterval(timer);
    client.off('serverHeartbeatStarted', onStart);
    client.off('serverHeartbeatSucceeded', onEnd);
    client.off('serverHeartbeatFailed', onEnd);
  };
}
