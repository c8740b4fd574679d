// Runs before each integration test file: puts the stack's endpoints in process.env.
import { readFileSync } from 'node:fs';
import { readEnvFile } from '@workers/devstack';
import { currentEnvPointer } from './stack-env';

const env = readEnvFile(readFileSync(currentEnvPointer, 'utf8').trim());
if (!env) throw new Error('stack env file missing: did global setup run?');
Object.assign(process.env, env);
