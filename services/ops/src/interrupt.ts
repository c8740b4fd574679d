// Ctrl-C (SIGINT) and SIGTERM end a follow cleanly: the signal aborts, the command
// disconnects and exits 0. A second signal exits at once.
export function interruptSignal(): { signal: AbortSignal; abort(): void; release(): void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    abort: () => controller.abort(),
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
