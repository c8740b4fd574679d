// The generation of the consumer group a member joined, which kafkajs (2.2.4) keeps on its
// ConsumerGroup and leaves out of its GROUP_JOIN event. A transactional offset commit
// claims it (txn-offset-commit.ts), so the broker can refuse a process that has since
// lost its membership. Recorded by a patch on the group's join, read by member id from
// the GROUP_JOIN listener, which kafkajs calls after the join it follows.
import { createRequire } from 'node:module';
import { symbolNamed } from './flexible-request';

interface JoiningGroup {
  memberId: string | null;
  generationId: number | null;
}

const generations = new Map<string, number>();
const patched = Symbol('group-generation');

/** The generation `memberId` last joined in, if this process saw it join. */
export function generationOf(memberId: string): number | undefined {
  return generations.get(memberId);
}

/** Installs the recording above on kafkajs's ConsumerGroup (or `proto`); idempotent. */
export function recordGroupGenerations(
  proto: object & { [patched]?: true } = (
    createRequire(__filename)('kafkajs/src/consumer/consumerGroup') as { prototype: object }
  ).prototype,
): void {
  if (proto[patched]) return;
  const join = symbolNamed(proto, 'private:ConsumerGroup:join');
  const target = proto as Record<symbol, (this: JoiningGroup) => Promise<void>>;
  const original = target[join];
  if (typeof original !== 'function') throw new TypeError('kafkajs ConsumerGroup has no join: check its version');
  target[join] = async function (this: JoiningGroup): Promise<void> {
    const before = this.memberId;
    await original.call(this);
    // One entry per member id this process holds: a new id (after the group forgot the
    // member) replaces the one before.
    if (before && before !== this.memberId) generations.delete(before);
    if (this.memberId && this.generationId !== null) generations.set(this.memberId, this.generationId);
  };
  proto[patched] = true;
}
