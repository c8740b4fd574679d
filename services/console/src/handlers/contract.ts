// GET /contract: the contract (docs/asyncapi.yaml) as a page. GET /contract/asyncapi.yaml:
// the file itself, as read at start (store/contract.ts). Both need signing in, as every page.
import { htmlReply, type Handler } from '../http/types';
import { contractView } from '../views/contract';
import { frame } from './frame';

export const contractPage: Handler = async (req, d) =>
  htmlReply(frame(d, req, '/contract', 'Contract', contractView(d.contract.page, d.config.CONSOLE_TOPIC_PREFIX)));

export const contractFile: Handler = async (_req, d) => ({
  status: 200,
  type: 'yaml',
  body: d.contract.text,
  headers: { 'content-disposition': 'inline; filename="asyncapi.yaml"' },
});
