// A request body read whole, up to `max` bytes. Past that the request is answered
// 413 at once (HttpError; the server then closes the connection) and the rest is read
// and dropped, never kept: a large body costs the sender its bandwidth, not our memory.
// The stream is not destroyed, so the 413 still reaches the client.
import type { IncomingMessage } from 'node:http';
import { HttpError } from './types';

export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      reject(new HttpError(413, `request body too large (at most ${max} bytes)`));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
