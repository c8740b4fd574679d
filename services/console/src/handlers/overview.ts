// GET /overview: each worker's readiness and key metrics, each worker group's lag
// per partition, each declared topic's offsets. The live block reloads itself.
import type { ConsoleDeps } from '../deps';
import { htmlReply, type Handler } from '../http/types';
import type { GroupLag, TopicOffsets } from '../kafka/offsets';
import { scrapeWorker } from '../store/scrape';
import { overviewView } from '../views/overview';
import { WORKER_NAMES } from '../workers';
import { frame } from './frame';

export interface OverviewData {
  workers: Awaited<ReturnType<typeof scrapeWorker>>[];
  topics: TopicOffsets[];
  groups: GroupLag[];
  kafkaError: string | null;
  index: ReturnType<ConsoleDeps['index']['status']>;
}

async function gather(d: ConsoleDeps): Promise<OverviewData> {
  const workers = Promise.all(d.config.CONSOLE_WORKERS.map(scrapeWorker));
  let topics: TopicOffsets[] = [];
  let groups: GroupLag[] = [];
  let kafkaError: string | null = null;
  try {
    topics = await d.offsets.topics(d.topology.topics.map((t) => t.name));
    groups = await d.offsets.groups(
      WORKER_NAMES.map((w) => ({ groupId: `${d.config.CONSOLE_GROUP_PREFIX}${w}`, topics: d.topology.consumedBy(w) })),
      topics,
    );
  } catch (err) {
    kafkaError = err instanceof Error ? err.message : String(err);
  }
  return { workers: await workers, topics, groups, kafkaError, index: d.index.status() };
}

export const overviewPage: Handler = async (req, d) => {
  const view = overviewView(await gather(d), d.topology);
  if (req.url.searchParams.has('fragment')) return htmlReply(view);
  return htmlReply(frame(d, req, '/overview', 'Overview', view, '/overview?fragment=1'));
};
