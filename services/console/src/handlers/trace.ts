// GET /trace?q=…: a request followed end to end (see trace-collect.ts). The results
// block refreshes itself, so a waiting request turns answered in front of the operator.
// A search wakes the console's index (it reads the topics only while someone looks);
// the results say how far it has caught up.
import { htmlReply, type Handler } from '../http/types';
import { html } from '../views/html';
import { live } from '../views/layout';
import { searchForm, traceView } from '../views/trace';
import { collectTrace } from './trace-collect';
import { frame } from './frame';

export const tracePage: Handler = async (req, d) => {
  const q = (req.url.searchParams.get('q') ?? '').trim().slice(0, 200);
  if (q) await d.index.wake();
  const ix = d.index.status();
  const results = traceView(q, q ? await collectTrace(d, q) : [], ix);
  if (req.url.searchParams.has('fragment')) return htmlReply(results);
  const body = q ? live('live', `/trace?q=${encodeURIComponent(q)}&fragment=1`, results) : results;
  return htmlReply(frame(d, req, '/trace', 'Trace a request', html`${searchForm(q)}${body}`));
};
