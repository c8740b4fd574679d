// The control API finds a component by its name or an alias, runs stop/kill/start once each,
// and its status names no endpoint (an external server's URL may carry a password).
import type { AddressInfo } from 'node:net';
import type { Component } from '../src/component';
import { controlServer } from '../src/control';

function fake(name: string, aliases: string[] = []) {
  const calls: string[] = [];
  let up = true;
  const c: Component = {
    name,
    aliases,
    env: { MONGODB_URI: 'mongodb://user:secret@db.example/' },
    version: `${name} 1`,
    running: () => up,
    pid: () => (up ? 4242 : undefined),
    start: async () => {
      calls.push('start');
      up = true;
    },
    stop: async () => {
      calls.push('stop');
      up = false;
    },
    kill: async () => {
      calls.push('kill');
      up = false;
    },
  };
  return { c, calls };
}

test('stop, kill and start by name or alias; status without endpoints', async () => {
  const registry = fake('registry', ['schema-registry']);
  const broker = fake('kafka-2');
  Object.assign(broker.c, { nodeId: 2 });
  const server = controlServer([registry.c, broker.c]).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (path: string) => fetch(`${url}${path}`, { method: 'POST' }).then((r) => r.status);
  try {
    expect(await post('/components/schema-registry/stop')).toBe(204);
    expect(await post('/components/registry/stop')).toBe(204); // already stopped: nothing to do
    expect(await post('/components/registry/start')).toBe(204);
    expect(await post('/components/kafka-2/kill')).toBe(204);
    expect(await post('/components/kafka-2/start')).toBe(204);
    expect(await post('/components/kafka-9/start')).toBe(404);
    expect(registry.calls).toEqual(['stop', 'start']);
    expect(broker.calls).toEqual(['kill', 'start']);
    const body = await (await fetch(`${url}/status`)).text();
    expect(JSON.parse(body)).toEqual([
      { name: 'registry', running: true, version: 'registry 1', pid: 4242 },
      { name: 'kafka-2', running: true, version: 'kafka-2 1', pid: 4242, nodeId: 2 },
    ]);
    expect(body).not.toContain('secret');
  } finally {
    server.close();
  }
});
