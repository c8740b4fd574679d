// What a page that reads the console's index says about how far that reaches: nothing
// when it has read everything written before the page was asked; otherwise how much of
// the backlog it has read (the newest messages may be missing from the page), or that
// it stopped and why. Pages stay honest while the index catches up after a wake.
import type { IndexStatus } from '../kafka/topic-index';
import { html, type Html } from './html';

/** `live`: the page reloads itself (the note says so), otherwise it asks for a reload. */
export function indexNote(ix: IndexStatus, live: boolean): Html {
  if (ix.failed)
    return html`<p class="error index-note">The console's index of the topics is not reading: ${ix.failed}. This page shows the ${ix.messages} message(s) it held.</p>`;
  if (ix.caughtUp) return html``;
  return html`<p class="muted index-note" data-index-progress="${ix.progress}">Indexing… ${ix.progress} % caught up: the newest messages may be missing here; ${live ? 'this page updates itself' : 'reload in a moment'}.</p>`;
}

/** The clause of a "never arrived" verdict: whether the console has read every message the topics hold. */
export function readAll(ix: IndexStatus): string {
  return ix.caughtUp
    ? 'the console read every message they hold'
    : `the console is still reading them: ${ix.progress} % caught up`;
}
