// The schemas the CLI registers: every `<topic>.avsc` directly in a directory (file
// name = topic name, subject `<prefix><topic>-value`). Sub-directories are not read;
// `.dlq` topics carry raw bytes and have no schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSchema } from './avro/types';
import { failure } from './exit';

export interface SchemaFile {
  topic: string;
  subject: string;
  path: string;
  text: string;
}

/** Throws a failure when the directory has no schema or a file is not a valid Avro schema (one line per file). */
export function schemaFiles(dir: string, subjectPrefix = ''): SchemaFile[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.avsc'))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    throw failure(`${dir}: ${(err as NodeJS.ErrnoException).code ?? 'cannot read'}`);
  }
  if (names.length === 0) throw failure(`${dir}: no .avsc files`);
  const files = names.map((name) => {
    const topic = name.slice(0, -'.avsc'.length);
    const path = join(dir, name);
    return { topic, subject: `${subjectPrefix}${topic}-value`, path, text: readFileSync(path, 'utf8') };
  });
  const invalid = files.flatMap((f) => {
    try {
      parseSchema(f.text);
      return [];
    } catch (err) {
      return [`${f.path}: not a valid Avro schema (${(err as Error).message})`];
    }
  });
  if (invalid.length > 0) throw failure(...invalid);
  return files;
}
