// The zombie scenario, run by the fencing tests of each commit mode (KAFKA_TRANSACTIONS):
// two card-worker processes; with the database stopped both hold a chunk; one is frozen
// (SIGSTOP) past its 6 s session timeout and loses its partitions to the other, which answers
// everything once the database is back; thawed, the frozen one must commit nothing for them.
import { controlComponent } from './stack-env';
import { waitForGroup } from './kafka-client';
import { eventually } from './mail-fixture';
import { CardScenario, newCardNumber, register } from './card-fixture';

/** Registers the scenario's hooks and test; `env` is given to both processes. */
export function zombieScenario(name: string, env: Record<string, string>): void {
  let s: CardScenario;
  beforeAll(async () => {
    s = await CardScenario.open(name, 4);
  });
  afterAll(async () => {
    for (const w of s.workers) if (w.child.exitCode === null) w.child.kill('SIGCONT');
    await controlComponent('mongodb', 'start').catch(() => undefined);
    await s.close();
  });

  test('a frozen process that lost its partitions commits nothing for them after SIGCONT', async () => {
    const zombie = await s.startWorker({ ...env, KAFKA_SESSION_TIMEOUT_MS: '6000' });
    const other = await s.startWorker({ ...env, KAFKA_SESSION_TIMEOUT_MS: '6000' });
    await waitForGroup(s.env.CONSUMER_GROUP!, 2);
    const commitsBefore = await zombie.metric('worker_commit_duration_seconds_count');

    // With the database away both processes hold a chunk, retrying it.
    await controlComponent('mongodb', 'stop');
    const reqs = Array.from({ length: 40 }, (_, i) => register(`z-${i}`, `${newCardNumber()}${i}`));
    await s.sendAll(reqs);
    await eventually(
      'both processes holding a chunk',
      async () => (await Promise.all([zombie, other].map((w) => w.metric('worker_in_flight')))).every((n) => n > 0),
      60_000,
    );

    zombie.child.kill('SIGSTOP');
    await waitForGroup(s.env.CONSUMER_GROUP!, 1, 60_000);
    await controlComponent('mongodb', 'start');
    await s.replies.waitFor((rs) => new Set(rs.map((r) => r.value.requestId)).size >= reqs.length, 90_000);

    zombie.child.kill('SIGCONT');
    // Thawed, it finishes the chunk it held: it learns it lost the partition, or it commits.
    const lost = (): boolean => zombie.logs().some((l) => l.event === 'partition.lost');
    await eventually(
      'the zombie done with its chunk',
      async () => lost() || (await zombie.metric('worker_commit_duration_seconds_count')) > commitsBefore,
      60_000,
    );
    await new Promise((r) => setTimeout(r, 3_000)); // room for a late commit of the zombie, if it could make one

    const counts = s.replyCounts();
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    expect(counts.size).toBe(reqs.length);
    expect(await zombie.metric('worker_commit_duration_seconds_count')).toBe(commitsBefore);
    expect(lost()).toBe(true);
    expect(zombie.child.exitCode).toBeNull();
    expect(new Set(s.replies.received.map((r) => r.value.messageCode))).toEqual(new Set(['Success']));
  });
}
