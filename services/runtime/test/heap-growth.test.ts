import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../src/heap-growth';

describe('heapGrowthFlag', () => {
  it('lets the old space grow by three quarters before the next full collection', () => {
    expect(HEAP_GROWING_PERCENT).toBe(75);
    expect(heapGrowthFlag(['--max-old-space-size=160'])).toBe('--heap-growing-percent=75');
  });

  it.each([['--heap-growing-percent=30'], ['--heap_growing_percent=0']])(
    'leaves a choice on the command line (%s)',
    (a) => {
      expect(heapGrowthFlag(['--max-old-space-size=160', a])).toBeNull();
    },
  );
});
