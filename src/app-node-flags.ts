// Node flags of an app process (`npm start` in package.json, and the apps the benchmark spawns).
// The app holds ~80 MB of live objects; left to itself V8 lets the old generation grow to twice
// that before a full collection, and its young generation to 2 × 16 MB. A heap grown by at most
// 30 % between full collections and 8 MB semi-spaces keep the peak resident set ~50 MB lower under
// the benchmark's load, for no CPU per message the benchmark can tell apart (README, Performance).

export const APP_NODE_FLAGS = ['--heap-growing-percent=30', '--max-semi-space-size=8'] as const;
