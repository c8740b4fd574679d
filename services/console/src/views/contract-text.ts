// Description text of the contract (domain/text-blocks.ts) as HTML. Every piece of text goes
// through `html`, so it is escaped; the only markup added is the block elements and, for the
// inline marks the contract uses, <code> and <strong> around escaped text.
import type { TextBlock } from '../domain/text-blocks';
import { html, type Html } from './html';

/** `code` and **bold** marked up; everything else as escaped text. */
export function inline(text: string): Html {
  return html`${text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part) => {
    if (/^`[^`]+`$/.test(part)) return html`<code>${part.slice(1, -1)}</code>`;
    if (/^\*\*[^*]+\*\*$/.test(part)) return html`<strong>${part.slice(2, -2)}</strong>`;
    return part;
  })}`;
}

function block(b: TextBlock): Html {
  switch (b.kind) {
    case 'heading':
      return html`<h3>${inline(b.text)}</h3>`;
    case 'paragraph':
      return html`<p>${inline(b.text)}</p>`;
    case 'list':
      return html`<ul>${b.items.map((i) => html`<li>${inline(i)}</li>`)}</ul>`;
    case 'table':
      return html`<table><thead><tr>${b.head.map((h) => html`<th>${inline(h)}</th>`)}</tr></thead>
<tbody>${b.rows.map((r) => html`<tr>${r.map((c) => html`<td>${inline(c)}</td>`)}</tr>`)}</tbody></table>`;
  }
}

export function textView(blocks: readonly TextBlock[]): Html {
  return html`${blocks.map(block)}`;
}
