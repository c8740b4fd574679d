// The Markdown that scripts/contract/ writes into the contract's descriptions, as blocks a
// page can lay out: headings, paragraphs, bullet lists and pipe tables. Only that subset;
// anything else stays paragraph text. Inline marks (`code`, **bold**) are left in the text
// for the view, which escapes it (views/contract-text.ts): nothing here becomes markup.

export type TextBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** A table's second line: `|---|:--:|`. */
const isRule = (line: string): boolean => /^\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*$/.test(line);

export function textBlocks(markdown: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let open: TextBlock | null = null;
  const close = (): void => {
    if (open) blocks.push(open);
    open = null;
  };
  const start = <B extends TextBlock>(block: B): B => {
    close();
    open = block;
    return block;
  };
  for (const line of markdown.split(/\r?\n/)) {
    const trimmed = line.trim();
    const heading = /^#{1,6}\s+(.*)$/.exec(trimmed);
    const item = /^[-*]\s+(.*)$/.exec(trimmed);
    // Assigned inside close() and start(), which TypeScript's narrowing does not follow.
    const current = open as TextBlock | null;
    if (trimmed === '') close();
    else if (heading) {
      close();
      blocks.push({ kind: 'heading', text: heading[1] ?? '' });
    } else if (trimmed.startsWith('|')) {
      if (current?.kind !== 'table') start({ kind: 'table', head: cells(trimmed), rows: [] as string[][] });
      else if (!(current.rows.length === 0 && isRule(trimmed))) current.rows.push(cells(trimmed));
    } else if (item) {
      const list = current?.kind === 'list' ? current : start({ kind: 'list', items: [] as string[] });
      list.items.push(item[1] ?? '');
    } else if (current?.kind === 'list' && /^\s/.test(line) && current.items.length > 0) {
      // A list item's continuation line (indented).
      current.items[current.items.length - 1] += ` ${trimmed}`;
    } else if (current?.kind === 'paragraph') current.text += ` ${trimmed}`;
    else start({ kind: 'paragraph', text: trimmed });
  }
  close();
  return blocks;
}
