// Imported first by a worker thread started from source (tsx, vitest): tsx's own loader leaves
// worker threads alone, so the thread registers it before importing its TypeScript script.
import { register } from 'tsx/esm/api';

register();
