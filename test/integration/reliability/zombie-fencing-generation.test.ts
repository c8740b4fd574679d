// Guarantee: with one transaction per process (KAFKA_TRANSACTIONS=process, KIP-447), a
// process frozen (SIGSTOP) past its session timeout while it holds a chunk loses its
// partitions, and once thawed it commits nothing for them (its own ownership check stops
// it, and behind that the group refuses the generation its offsets claim, which
// smoke/generation-fenced-commit.test.ts shows alone). No reply twice, every request
// answered once.
import { zombieScenario } from '../../support/zombie-scenario';

zombieScenario('zombie-gen', { KAFKA_TRANSACTIONS: 'process', KAFKA_TRANSACTION_LINES: '2' });
