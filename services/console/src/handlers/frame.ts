// The page frame for a handler's content, with the live-refresh block when the page has one.
import type { ConsoleDeps } from '../deps';
import type { ConsoleRequest } from '../http/types';
import type { Html } from '../views/html';
import { layout, live } from '../views/layout';

export function frame(
  d: ConsoleDeps,
  req: ConsoleRequest,
  path: string,
  title: string,
  content: Html,
  refreshFrom?: string,
): Html {
  const body = refreshFrom ? live('live', refreshFrom, content) : content;
  return layout(
    {
      path,
      title,
      writable: !!d.config.CONSOLE_TOKEN,
      operator: req.operator,
      refreshMs: d.config.CONSOLE_REFRESH_MS,
    },
    body,
  );
}
