// The outside reader's Python: a venv in the stack's cache (beside Kafka's jars and the
// FerretDB build, so it outlives clones) holding Confluent's client at one pinned version.
// Made once with `python3 -m venv` and pip from PyPI; later runs reuse it. The client is
// taken as a wheel only (`--only-binary`): building librdkafka from source here would take
// minutes or fail, and the bench must not hang on it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, runToCompletion } from '@workers/devstack';

/** PyPI has a manylinux wheel of it for this project's machine (CPython 3.11, x86_64); checked with `pip download`. */
export const CONFLUENT_KAFKA_VERSION = '2.16.2';

/** The venv's python, or why there is none. */
export type OutsidePython = { python: string } | { reason: string };

async function imports(python: string): Promise<boolean> {
  try {
    await promisify(execFile)(python, ['-c', 'import confluent_kafka'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * The venv's python with confluent-kafka importable, made if needed. Never throws: a failed
 * install (no python3, no venv module, PyPI out of reach) is a reason, and the bench goes on
 * without the outside figures. A venv that does not import (half made, or its python3 gone) is made again.
 */
export async function outsidePython(): Promise<OutsidePython> {
  const dir = join(cacheDir(), `bench-outside-confluent-kafka-${CONFLUENT_KAFKA_VERSION}`);
  const python = join(dir, 'bin', 'python');
  if (existsSync(python) && (await imports(python))) return { python };
  const log = `${dir}.log`;
  try {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(cacheDir(), { recursive: true });
    await runToCompletion('python3', ['-m', 'venv', dir], { logFile: log });
    await runToCompletion(
      python,
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--only-binary',
        ':all:',
        `confluent-kafka==${CONFLUENT_KAFKA_VERSION}`,
      ],
      { logFile: log },
    );
    if (!(await imports(python))) return { reason: `confluent_kafka does not import after the install; see ${log}` };
    return { python };
  } catch (err) {
    return { reason: err instanceof Error ? err.message : String(err) };
  }
}
