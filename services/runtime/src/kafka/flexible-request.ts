// What a request of a flexible version (KIP-482) needs from kafkajs (2.2.4, no longer
// maintained), which speaks none it does not already know: its encoder and decoder, its
// error codes, and its Broker's private send. Used by the requests the runtime sends
// itself (stable-offsets.ts, txn-offset-commit.ts).
//
// A flexible request's header (v2) ends with tagged fields, and kafkajs writes header v1,
// so each body opens with the header's empty tagged fields; a response header (v1) ends
// with tagged fields too, which each decoder skips before the body.
import { createRequire } from 'node:module';

const load = createRequire(__filename);

export interface Encoder {
  writeUVarInt(n: number): Encoder;
  writeUVarIntString(s: string | null): Encoder;
  writeUVarIntArray(items: Encoder[]): Encoder;
  writeInt16(n: number): Encoder;
  writeInt32(n: number): Encoder;
  writeInt64(n: string | number): Encoder;
  writeBoolean(b: boolean): Encoder;
  buffer: Buffer;
}
export interface Decoder {
  readUVarInt(): number;
  readBytes(n: number): Buffer;
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readUVarIntString(): string | null;
  readUVarIntArray<T>(read: (d: Decoder) => T): T[] | null;
}
export const EncoderClass = load('kafkajs/src/protocol/encoder') as new () => Encoder;
export const DecoderClass = load('kafkajs/src/protocol/decoder') as new (b: Buffer) => Decoder;
export const { failure, createErrorFromCode } = load('kafkajs/src/protocol/error') as {
  failure(code: number): boolean;
  createErrorFromCode(code: number): Error;
};

/**
 * Skips a tagged-field section: a count, then per field its tag and its size, each an unsigned
 * varint, and that many bytes. (kafkajs's readTaggedFields reads the size as a compact length,
 * one less, and loses its place on any field a newer broker adds.)
 */
export function skipTaggedFields(d: Decoder): void {
  for (let n = d.readUVarInt(); n > 0; n--) {
    d.readUVarInt();
    d.readBytes(d.readUVarInt());
  }
}

/**
 * A response's topics, as both offset APIs lay them out: per topic its name and its partitions
 * (each read by `readPartition`, which ends on the partition's tagged fields), then the
 * topic's tagged fields.
 */
export function readTopics<P>(d: Decoder, readPartition: (pd: Decoder) => P): { topic: string; partitions: P[] }[] {
  return (
    d.readUVarIntArray((td) => {
      const topic = td.readUVarIntString() ?? '';
      const partitions = td.readUVarIntArray(readPartition) ?? [];
      skipTaggedFields(td);
      return { topic, partitions };
    }) ?? []
  );
}

/** The first failing code of `codes` as kafkajs's own error (with its `type` and `retriable`). */
export function firstError(codes: number[]): Error | undefined {
  const code = codes.find((c) => failure(c));
  return code === undefined ? undefined : createErrorFromCode(code);
}

export function symbolNamed(o: object, description: string): symbol {
  const s = Object.getOwnPropertySymbols(o).find((x) => x.description === description);
  if (!s) throw new TypeError(`kafkajs has no ${description}: check its version`);
  return s;
}

/** kafkajs's Broker, whose private send disconnects a closed connection first. */
export const BrokerClass = load('kafkajs/src/broker') as { prototype: object };
export const SEND = symbolNamed(BrokerClass.prototype, 'private:Broker:sendRequest');

/** A request as kafkajs's connection sends one. */
export interface ProtocolRequest<R> {
  request: { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<Encoder> };
  response: { decode: (raw: Buffer) => Promise<R>; parse: (r: R) => Promise<R> };
  logResponseError?: boolean;
}

/** The parts of a kafkajs Broker the runtime's own requests use. */
export interface SendingBroker {
  versions?: Record<number, { maxVersion: number }>;
  [send: symbol]: <R>(request: ProtocolRequest<R>) => Promise<R>;
}
