import { Writable } from 'node:stream';
import { createLogger, REDACT_PATHS } from '../src/logger';
import { Metrics } from '../src/metrics';
import { LOG_EVENTS, METRIC_NAMES } from '../src/names';

describe('metric names', () => {
  it('registers exactly METRIC_NAMES besides the worker_process_ defaults', async () => {
    const metrics = new Metrics('x');
    const all = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name);
    const own = all.filter((n) => !n.startsWith('worker_process_'));
    expect([...own].sort()).toEqual([...METRIC_NAMES].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(own.length); // default process metrics are there too
  });

  it('labels every series with the service', async () => {
    const metrics = new Metrics('card-worker');
    metrics.requests.inc({ topic: 't', operation: 'Op', code: 'Success' });
    expect(await metrics.registry.metrics()).toMatch(/worker_requests_total\{[^}]*service="card-worker"/);
  });
});

interface Line {
  level: number;
  service: string;
  event: string;
  [k: string]: unknown;
}

function capture(level = 'debug'): { lines: () => Line[]; logger: ReturnType<typeof createLogger> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const logger = createLogger({ service: 'svc', level, destination });
  const lines = (): Line[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  return { lines, logger };
}

describe('logger', () => {
  it('emits one JSON line per call with the event and service', () => {
    const { lines, logger } = capture();
    logger.info('worker.started', { topics: ['a'] });
    logger.warn('retry.scheduled', { attempt: 1 });
    logger.error('handler.failed');
    logger.debug('request.processed');
    const ls = lines();
    expect(ls.map((l) => l.event)).toEqual([
      'worker.started',
      'retry.scheduled',
      'handler.failed',
      'request.processed',
    ]);
    expect(ls.map((l) => l.level)).toEqual([30, 40, 50, 20]);
    for (const l of ls) expect(l.service).toBe('svc');
    expect(ls[0]!.topics).toEqual(['a']);
    expect(ls[1]!.attempt).toBe(1);
  });

  it('respects the level', () => {
    const { lines, logger } = capture('warn');
    logger.info('worker.started');
    logger.debug('worker.started');
    logger.warn('worker.stopping');
    expect(lines().map((l) => l.event)).toEqual(['worker.stopping']);
  });

  it('says which levels it writes, so that costly fields are built only for a line written', () => {
    expect(capture('info').logger.enabled('debug')).toBe(false);
    expect(capture('info').logger.enabled('info')).toBe(true);
    expect(capture('debug').logger.enabled('debug')).toBe(true);
    expect(capture('silent').logger.enabled('error')).toBe(false);
  });

  it('writes nothing at level silent', () => {
    const { lines, logger } = capture('silent');
    logger.error('worker.failed', { error: 'x' });
    expect(lines()).toEqual([]);
  });

  it('has only known events in LOG_EVENTS (no duplicates)', () => {
    expect(new Set(LOG_EVENTS).size).toBe(LOG_EVENTS.length);
    for (const e of LOG_EVENTS) expect(e).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });

  const secret = (): Record<string, string> => ({
    email: 'jan@example.com',
    phone: '+48123456789',
    phoneNumber: '+48987654321',
    cardPinHmac: 'abcdef',
    requestId: 'r-1',
  });
  const expectRedacted = (o: unknown): void => {
    expect(o).toEqual({
      email: '[redacted]',
      phone: '[redacted]',
      phoneNumber: '[redacted]',
      cardPinHmac: '[redacted]',
      requestId: 'r-1',
    });
  };

  it('redacts personal fields at top level', () => {
    const { lines, logger } = capture();
    logger.info('request.processed', secret());
    const l = lines()[0]!;
    const { level: _l, time: _t, service: _s, event, ...rest } = l;
    expect(event).toBe('request.processed');
    expectRedacted(rest);
  });

  it('redacts personal fields one level deep', () => {
    const { lines, logger } = capture();
    logger.info('request.processed', { contact: secret() });
    expectRedacted(lines()[0]!.contact);
  });

  it('redacts personal fields two levels deep', () => {
    const { lines, logger } = capture();
    logger.info('request.processed', { outer: { contact: secret() } });
    expectRedacted((lines()[0]!.outer as Record<string, unknown>).contact);
  });

  it('redacts whole request/value/payload fields', () => {
    const { lines, logger } = capture();
    logger.info('request.malformed', {
      request: { a: 1 },
      value: 'bytes',
      payload: { cardNumber: '1' },
      requestId: 'r',
    });
    expect(lines()[0]).toMatchObject({
      request: '[redacted]',
      value: '[redacted]',
      payload: '[redacted]',
      requestId: 'r',
    });
  });

  it("does not alter the caller's object", () => {
    const { logger } = capture();
    const fields = secret();
    logger.info('request.processed', fields);
    expect(fields.email).toBe('jan@example.com');
  });

  it('lists the redacted names in REDACT_PATHS at every depth it promises', () => {
    for (const f of ['email', 'phone', 'phoneNumber', 'cardPinHmac']) {
      expect(REDACT_PATHS).toEqual(expect.arrayContaining([f, `*.${f}`, `*.*.${f}`]));
    }
  });
});
