// The index reads the topics only while someone looks: the first touch wakes it, later
// touches only keep it awake, `idleMs` after the last touch it is put to sleep, the next
// touch wakes it again; a wake that failed is tried again by the next touch. Fake clock.
import { OnDemand } from '../src/kafka/on-demand';

const IDLE = 60_000;

function subject(wake: () => Promise<void> = async () => undefined) {
  const steps: string[] = [];
  const errors: string[] = [];
  const demand = new OnDemand(
    IDLE,
    {
      wake: async () => {
        steps.push('wake');
        await wake();
      },
      sleep: async () => {
        steps.push('sleep');
      },
    },
    (step, err) => errors.push(`${step}: ${(err as Error).message}`),
  );
  return { demand, steps, errors };
}

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

test('asleep until touched; touches keep it awake; asleep again after the idle time', async () => {
  const { demand, steps } = subject();
  await jest.advanceTimersByTimeAsync(10 * IDLE);
  expect(steps).toEqual([]);
  expect(demand.isAwake).toBe(false);

  await demand.touch();
  expect(steps).toEqual(['wake']);
  expect(demand.isAwake).toBe(true);
  // A touch every half idle time: awake all along, woken once.
  for (let i = 0; i < 6; i++) {
    await jest.advanceTimersByTimeAsync(IDLE / 2);
    await demand.touch();
  }
  expect(steps).toEqual(['wake']);
  // Asleep exactly the idle time after the last touch, not before.
  await jest.advanceTimersByTimeAsync(IDLE - 1);
  expect(steps).toEqual(['wake']);
  await jest.advanceTimersByTimeAsync(1);
  expect(steps).toEqual(['wake', 'sleep']);
  expect(demand.isAwake).toBe(false);
  // Nothing more while nobody touches it.
  await jest.advanceTimersByTimeAsync(10 * IDLE);
  expect(steps).toEqual(['wake', 'sleep']);

  await demand.touch();
  expect(steps).toEqual(['wake', 'sleep', 'wake']);
  demand.stop();
});

test('a touch while it is waking waits for that wake and does not wake it twice', async () => {
  let finish: () => void = () => undefined;
  const { demand, steps } = subject(() => new Promise<void>((r) => (finish = r)));
  let done = 0;
  void demand.touch().then(() => done++);
  void demand.touch().then(() => done++);
  await jest.advanceTimersByTimeAsync(0);
  expect(steps).toEqual(['wake']);
  expect(done).toBe(0);
  finish();
  await jest.advanceTimersByTimeAsync(0);
  expect(done).toBe(2);
  demand.stop();
});

test('a failed wake leaves it asleep, reported; the next touch tries again', async () => {
  let fail = true;
  const { demand, steps, errors } = subject(async () => {
    if (fail) throw new Error('broker down');
  });
  await demand.touch();
  expect(demand.isAwake).toBe(false);
  expect(errors).toEqual(['wake: broker down']);
  // No sleep for a target that never woke.
  await jest.advanceTimersByTimeAsync(2 * IDLE);
  expect(steps).toEqual(['wake']);
  fail = false;
  await demand.touch();
  expect(demand.isAwake).toBe(true);
  expect(steps).toEqual(['wake', 'wake']);
  demand.stop();
});

test('stopped: no sleep afterwards', async () => {
  const { demand, steps } = subject();
  await demand.touch();
  demand.stop();
  await jest.advanceTimersByTimeAsync(2 * IDLE);
  expect(steps).toEqual(['wake']);
});
