// A run's verdicts: each figure a name, the value measured and whether it passed.
// The run prints every one and exits non-zero when any failed.

export interface Figure {
  name: string;
  value: string;
  ok: boolean;
}

export const figure = (name: string, value: string | number, ok: boolean): Figure => ({
  name,
  value: typeof value === 'number' ? value.toLocaleString('en-US') : value,
  ok,
});

/** "n of m" with up to three examples of what failed. */
export function counted(name: string, failed: readonly string[], of: number, what = 'failed'): Figure {
  const examples =
    failed.length > 0 ? ` (${what}: ${failed.slice(0, 3).join(', ')}${failed.length > 3 ? ', …' : ''})` : '';
  return figure(
    name,
    `${(of - failed.length).toLocaleString('en-US')} of ${of.toLocaleString('en-US')}${examples}`,
    failed.length === 0,
  );
}

export function printFigures(title: string, figures: readonly Figure[], say: (line: string) => void): void {
  say(title);
  const width = Math.max(...figures.map((f) => f.name.length));
  for (const f of figures) say(`  ${f.ok ? 'ok  ' : 'MISS'} ${f.name.padEnd(width)}  ${f.value}`);
}
