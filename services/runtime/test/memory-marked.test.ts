// The in-memory marked store keeps the same contract as the MongoDB one
// (test/contract/marked-store.contract.ts; the MongoDB run is an integration test).
import { memoryMarkedStore } from '../src/store/memory-marked';
import { markedStoreContract } from '../../../test/contract/marked-store.contract';

markedStoreContract('memoryMarkedStore', async () => memoryMarkedStore());
