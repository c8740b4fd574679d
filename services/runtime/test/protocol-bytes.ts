// The Kafka protocol's field encodings, written out by hand, for tests of the requests the
// runtime sends itself (a test's expected bytes must not come from the encoder under test).
export const compact = (s: string): Buffer => Buffer.concat([Buffer.from([s.length + 1]), Buffer.from(s)]);
export const i16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
export const i32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
export const i64 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(n);
  return b;
};
/** One tagged field (tag 0, 2 bytes), as a newer broker may add. */
export const oneTag = Buffer.from([1, 0, 2, 0xaa, 0xbb]);
