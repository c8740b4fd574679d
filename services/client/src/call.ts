// A call under way, for callers that must know when their request was written before
// its answer comes (a test that stops a worker after sending, a sender that paces on
// acknowledgements, a bench that fires without awaiting each reply).

export interface Call<A> {
  requestId: string;
  /**
   * Resolves with the time (epoch ms) the broker first acknowledged the request;
   * rejects as `answer` does when the call ended with nothing acknowledged. Never an
   * unhandled rejection: a caller may ignore it.
   */
  sent: Promise<number>;
  /** The answer, or what request() would throw. */
  answer: Promise<A>;
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(err: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (v: T) => void = () => undefined;
  let reject: (err: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
