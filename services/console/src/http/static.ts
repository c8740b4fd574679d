// The two files the browser loads besides the pages, read once from
// services/console/public (beside src/ and dist/, so both layouts find it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleReply } from './types';

export function staticAssets(): Map<string, ConsoleReply> {
  const dir = join(__dirname, '..', '..', 'public');
  return new Map([
    ['/static/console.js', { status: 200, type: 'js', body: readFileSync(join(dir, 'console.js'), 'utf8') }],
    ['/static/console.css', { status: 200, type: 'css', body: readFileSync(join(dir, 'console.css'), 'utf8') }],
  ]);
}
