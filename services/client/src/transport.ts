// What the client needs of the message bus, and nothing more: produce one request
// (and learn where it landed), and hear every reply of one reply topic from the moment
// it starts listening.
// kafka-transport.ts is the production backend; memory-transport.ts lets the
// correlation, timeout and retry rules be tested (here and by upstream teams) without
// a broker. The message shapes are the runtime's own.
import type { InMessage, OutMessage } from '@workers/runtime';

export type { OutMessage as RequestMessage };

/** A reply as read: the runtime's message, with Kafka's timestamp when the transport has it. */
export interface ReplyMessage extends InMessage {
  /** Epoch ms as text, as Kafka keeps it. */
  timestamp?: string;
}

/** Where the broker wrote a request: `-1` and `'-1'` when the transport cannot tell. */
export interface Position {
  partition: number;
  /** Kafka's offset, as text. */
  offset: string;
}

export interface ClientTransport {
  /**
   * Reads `topic` as a read_committed consumer from its current end on and calls
   * `onReply` for each message. Resolves once reading is positioned: a reply produced
   * after that is never missed. Called once per client.
   */
  listen(topic: string, onReply: (m: ReplyMessage) => void): Promise<void>;
  /** Produces `m`; resolves with where it landed once the broker acknowledged it, rejects when it was not. */
  send(m: OutMessage): Promise<Position>;
  /** Stops reading and producing; what is in flight is dropped. */
  close(): Promise<void>;
}
