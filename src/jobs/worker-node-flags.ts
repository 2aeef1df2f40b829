// Node flags of a follow-up worker process (`npm run worker` in package.json, and the workers the
// tests and the greetings benchmark spawn). A worker holds ~30 MB of live objects, but V8 defers
// full collections while memory is plentiful and lets its heap grow past 100 MB under a festival's
// load; capping the old generation keeps it collecting (and the process under ~250 MB).

export const WORKER_NODE_FLAGS = ['--max-old-space-size=96'] as const;
