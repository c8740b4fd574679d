// The stack's control API, for fault tests and the chaos run:
//   POST /components/<name>/stop   graceful (SIGTERM; a broker does a controlled shutdown), answers once it is gone
//   POST /components/<name>/kill   SIGKILL at once (an in-process server drops every connection)
//   POST /components/<name>/start  the same ports and the same data as before
//   GET  /status                   every component: name, running, version, pid, a broker's node id,
//                                  and which broker is the active controller (the quorum's leader)
// Names: `kafka` (one node; `kafka-1` too) or `kafka-1`…`kafka-3`, `mongodb`, `registry`
// (`schema-registry` too), `smtp`, `toxiproxy`. /status holds no endpoint: an external
// server's URL may carry a password.
import { createServer, type Server } from 'node:http';
import type { Component } from './component';

type Action = 'stop' | 'kill' | 'start';

export interface ComponentStatus {
  name: string;
  running: boolean;
  version: string;
  pid?: number;
  nodeId?: number;
  /** True for the broker that leads the controller quorum (the newest election any running node recorded). */
  activeController?: boolean;
}

export function componentStatus(c: Component, leaderId?: number): ComponentStatus {
  const s: ComponentStatus = {
    name: c.name,
    running: c.running(),
    version: c.version,
    pid: c.pid?.(),
    nodeId: c.nodeId,
  };
  if (c.nodeId !== undefined && leaderId !== undefined) s.activeController = c.nodeId === leaderId && c.running();
  return s;
}

/** The quorum leader per the newest epoch among running nodes. */
function quorumLeaderId(components: Component[]): number | undefined {
  const seen = components
    .filter((c) => c.running())
    .map((c) => c.quorumLeader?.())
    .filter((q) => q !== undefined);
  return seen.sort((a, b) => b.epoch - a.epoch)[0]?.leaderId;
}

export function controlServer(components: Component[]): Server {
  const byName = new Map<string, Component>();
  for (const c of components) for (const n of [c.name, ...(c.aliases ?? [])]) byName.set(n, c);
  // One stop/start at a time per server, and none that is already done: a second
  // `start` of a running server would spawn a twin that cannot bind its port while
  // the first one is orphaned (never stopped, never listed in a pid file). A kill does
  // not wait its turn (it may cut short a slow controlled shutdown); a start after it waits for it.
  const queue = new Map<string, Promise<unknown>>();
  const control = (c: Component, action: Action): Promise<void> => {
    const before = (queue.get(c.name) ?? Promise.resolve()).catch(() => undefined);
    const run =
      action === 'kill'
        ? c.running()
          ? (c.kill ?? c.stop).call(c)
          : Promise.resolve()
        : before.then(async () => {
            if ((action === 'start') === c.running()) return;
            await (action === 'stop' ? c.stop() : c.start());
          });
    queue.set(c.name, Promise.allSettled([before, run]));
    return run;
  };
  return createServer((req, res) => {
    const m = /^\/components\/([\w-]+)\/(stop|kill|start)$/.exec(req.url ?? '');
    const target = m ? byName.get(m[1] ?? '') : undefined;
    if (req.method === 'POST' && m && target) {
      control(target, m[2] as Action)
        .then(() => res.writeHead(204).end())
        .catch((err: Error) => res.writeHead(500).end(err.message));
    } else if (req.method === 'POST' && m) {
      res.writeHead(404).end(`no component ${m[1]}; known: ${[...byName.keys()].join(', ')}`);
    } else if (req.method === 'GET' && req.url === '/status') {
      const leader = quorumLeaderId(components);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(components.map((c) => componentStatus(c, leader))));
    } else {
      res.writeHead(404).end();
    }
  });
}
