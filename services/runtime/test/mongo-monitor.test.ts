// A MongoDB heartbeat that never ends (the driver's race when the server's socket
// dies mid-check) restarts the server's monitor; heartbeats that end, fail or not, do not.
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { MongoClient } from 'mongodb';
import { createLogger } from '../src';
import { watchMongoMonitors } from '../src/store/mongo-monitor';

function fakeClient() {
  const monitor = {
    closed: 0,
    connected: 0,
    close() {
      this.closed++;
    },
    connect() {
      this.connected++;
    },
  };
  const client = Object.assign(new EventEmitter(), {
    options: { connectTimeoutMS: 1_000 },
    topology: { s: { servers: new Map([['db:27017', { monitor }]]) } },
  });
  return {
    client: client as unknown as MongoClient,
    emit: (e: string) => client.emit(e, { connectionId: 'db:27017' }),
    monitor,
  };
}

const logs: Record<string, unknown>[] = [];
const logger = createLogger({
  service: 'test',
  level: 'info',
  destination: new Writable({
    write: (c: Buffer, _e, done) => {
      logs.push(JSON.parse(c.toString()) as Record<string, unknown>);
      done();
    },
  }),
});
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 30));

test('a heartbeat with no outcome past connectTimeoutMS + 5 s restarts the monitor, once', async () => {
  let t = 0;
  const f = fakeClient();
  const stop = watchMongoMonitors(f.client, logger, { everyMs: 10, now: () => t });
  f.emit('serverHeartbeatStarted');
  t = 5_000;
  await tick();
  expect(f.monitor).toMatchObject({ closed: 0, connected: 0 });
  t = 6_001;
  await tick();
  t = 20_000;
  await tick();
  expect(f.monitor).toMatchObject({ closed: 1, connected: 1 });
  expect(logs.some((l) => l.event === 'mongodb.monitor_restarted')).toBe(true);
  stop();
});

test('heartbeats that succeed or fail leave the monitor alone', async () => {
  let t = 0;
  const f = fakeClient();
  const stop = watchMongoMonitors(f.client, logger, { everyMs: 10, now: () => t });
  for (const end of ['serverHeartbeatSucceeded', 'serverHeartbeatFailed']) {
    f.emit('serverHeartbeatStarted');
    t += 5_000;
    f.emit(end);
    t += 60_000;
    await tick();
  }
  expect(f.monitor).toMatchObject({ closed: 0, connected: 0 });
  stop();
});
