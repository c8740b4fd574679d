// The benchmark runs the workers as the Docker image does: with the image's V8 flags
// and its malloc settings, both read from the Dockerfile (the one place they are set).
import { imageMallocEnv, imageNodeOptions } from '../../../scripts/bench/workers';

test("the image's V8 flags and malloc settings are found in the Dockerfile", () => {
  expect(imageNodeOptions()).toContain('--max-old-space-size=160');
  expect(imageMallocEnv()).toEqual({
    MALLOC_ARENA_MAX: '2',
    MALLOC_MMAP_THRESHOLD_: '131072',
    MALLOC_TRIM_THRESHOLD_: '131072',
  });
});
