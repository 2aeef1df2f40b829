import { join } from 'node:path';

export const TEST_CACHE_DIR = join('data', 'test-cache');
export const ARTIFACTS_DIR = 'test-artifacts';
