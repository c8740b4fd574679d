// The contract (docs/asyncapi.yaml, CONSOLE_CONTRACT_FILE), read once at start: the text as
// it is, served by GET /contract/asyncapi.yaml, and the page built from it. The file is part
// of the release (the image carries it), so a console that cannot show it does not start:
// throws ConfigError naming CONSOLE_CONTRACT_FILE when the file cannot be read, is not YAML,
// or lacks what the page shows. Blocks on the read (start only).
import { readFileSync } from 'node:fs';
import { ConfigError } from '@workers/runtime';
import { parse } from 'yaml';
import { type ContractPage, contractPage } from '../domain/contract';

export interface LoadedContract {
  file: string;
  /** The file's text, unchanged. */
  text: string;
  page: ContractPage;
}

const reason = (err: unknown): string => (err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err));

export function loadContract(file: string): LoadedContract {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`CONSOLE_CONTRACT_FILE: cannot read ${file}: ${reason(err)}`]);
  }
  try {
    return { file, text, page: contractPage(parse(text)) };
  } catch (err) {
    throw new ConfigError([
      `CONSOLE_CONTRACT_FILE: ${file} is not an AsyncAPI 3 document the console can show: ${reason(err)}`,
    ]);
  }
}
