// Stops the stack global-setup started (a shared `stack up` one is left alone).
import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const child = (globalThis as { __stackChild?: ChildProcess }).__stackChild;
  if (!child || child.exitCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await gone;
  clearTimeout(timer);
}
