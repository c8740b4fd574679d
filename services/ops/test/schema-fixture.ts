// The repository's schemas parsed with the CLI's types, for the unit tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type avro from 'avsc';
import { parseSchema } from '../src/avro/types';
import { defaultSchemaDir } from '../src/paths';

export const schemaOf = (topic: string): avro.Type =>
  parseSchema(readFileSync(join(defaultSchemaDir, `${topic}.avsc`), 'utf8'));
