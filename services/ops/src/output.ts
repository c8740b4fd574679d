// Where the CLI writes: results to stdout (JSON lines or plain lines a script can
// read), notes and problems to stderr prefixed `ops:`. Message values are printed
// only on stdout, because an operator asked for them; never in a note or an error.

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown, pretty = false): void {
  print(JSON.stringify(value, null, pretty ? 2 : undefined));
}

export function note(line: string): void {
  process.stderr.write(`ops: ${line}\n`);
}

/** "1 entry", "2 entries". */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
