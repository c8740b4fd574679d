// The stack's servers and the workers' metrics endpoints get ports that no outgoing
// connection can take between the probe and their own listen: below the kernel's
// ephemeral range, free on every interface, and never the same twice in one process.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '../src/free-port';

const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

const canListen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });

test('twenty ports asked for at once are distinct, below the ephemeral range, and can be listened on', async () => {
  const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
  expect(new Set(ports).size).toBe(20);
  for (const p of ports) {
    expect(p).toBeGreaterThanOrEqual(10_000);
    expect(p).toBeLessThan(ephemeralLow);
  }
  const servers = await Promise.all(
    ports.map(
      (p) =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(p, () => resolve(s));
        }),
    ),
  );
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

test('a port another server listens on is skipped for the next one', async () => {
  // Pin the random pick: first the port a server already holds, then the one after it.
  const span = ephemeralLow - 10_000;
  const s = createServer();
  let held = 0;
  for (let p = 20_000; !held; p += 7) {
    if (!(await canListen(p + 1))) continue;
    held = await new Promise<number>((resolve) => {
      s.once('error', () => resolve(0));
      s.listen(p, () => resolve(p));
    });
  }
  const pick = (port: number): number => (port - 10_000 + 0.5) / span;
  const random = jest
    .spyOn(Math, 'random')
    .mockReturnValueOnce(pick(held))
    .mockReturnValueOnce(pick(held + 1));
  try {
    expect(await freePort()).toBe(held + 1);
    expect(random).toHaveBeenCalledTimes(2);
  } finally {
    random.mockRestore();
    await new Promise((r) => s.close(r));
  }
});
