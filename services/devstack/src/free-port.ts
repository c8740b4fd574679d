// A TCP port for a server we are about to start (a stack server, a worker's metrics
// endpoint). Not one the kernel would hand out itself: asking for port 0 returns one
// from the ephemeral range, which is also where every outgoing connection's local
// port comes from, so between the probe and the server's own listen, a Kafka or
// MongoDB client could take it (a chaos run's mail worker died of EADDRINUSE so).
// Ports below that range are never given to outgoing connections; one is picked at
// random and probed on every interface, as the servers listen.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 10_000;

/** The first port of the kernel's ephemeral range (32768 on Linux by default). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** Handed out by this process already: two servers it starts at once never get the same port. */
const given = new Set<number>();

function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(null));
    srv.listen(port, () => {
      const addr = srv.address();
      const got = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(got || null));
    });
  });
}

export async function freePort(): Promise<number> {
  const high = ephemeralLow() - 1;
  for (let i = 0; high > LOWEST && i < 50; i++) {
    const port = LOWEST + Math.floor(Math.random() * (high - LOWEST + 1));
    if (given.has(port)) continue;
    if ((await tryListen(port)) === port) {
      given.add(port);
      return port;
    }
  }
  // No room below the ephemeral range (or all taken): let the kernel choose.
  const port = await tryListen(0);
  if (port === null) throw new Error('no free TCP port');
  return port;
}
