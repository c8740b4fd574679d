// Guarantee: the in-memory entity and processed stores that the unit tests run the
// runtime on keep the same contracts as the MongoDB ones (test/integration/smoke/store-contracts.test.ts).
import { memoryEntityStore, memoryProcessedStore } from '@workers/runtime';
import { entityStoreContract } from '../../contract/entity-store.contract';
import { processedStoreContract } from '../../contract/processed-store.contract';

entityStoreContract('memoryEntityStore', async () => memoryEntityStore());
processedStoreContract('memoryProcessedStore', async () => memoryProcessedStore());
