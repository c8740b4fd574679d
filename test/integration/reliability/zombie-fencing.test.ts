// Guarantee: a process frozen (SIGSTOP) past its session timeout while it holds a
// chunk loses its partitions to the other process of its group, and once thawed it
// commits nothing for them: no reply twice, every request answered once. Here with one
// transactional producer per partition (the default), which the new owner fences.
import { zombieScenario } from '../../support/zombie-scenario';

zombieScenario('zombie', { KAFKA_TRANSACTIONS: 'partition' });
