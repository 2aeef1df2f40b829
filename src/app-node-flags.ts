// How `npm start` runs an app process (package.json's start script; the benchmark starts its apps
// the same way). The app holds ~80 MB of live objects; left to itself V8 lets the old generation
// grow to twice that before a full collection, and its young generation to 2 × 16 MB. A heap
// grown by at most 30 % between full collections and 8 MB semi-spaces keep the peak resident set
// ~55 MB lower under the benchmark's load. The smaller semi-spaces do cost CPU (~9 % per message
// against 16 MB, README Performance), kept for the resident-set goal of 250 MB.
// glibc gives each thread that allocates an arena of its own (the event loop, V8's helpers, the
// SQLite checkpointer, libuv's pool); two arenas keep another ~12 MB of fragments out of the
// resident set (README, Performance).
// V8 runs its background work (concurrent marking and sweeping, parallel scavenges, optimising
// compiles) on a pool of four threads by default. On two cores those helpers took the core the
// event loop needed during each full collection, and the replies in flight then waited 50–100 ms:
// one helper thread keeps that work off the event loop without crowding it (p99 ~20 % lower under
// the benchmark's load). Where the app has cores to itself, a bigger pool costs nothing.

export const APP_NODE_FLAGS = ['--heap-growing-percent=30', '--max-semi-space-size=8', '--v8-pool-size=1'] as const;

/** Environment variables the C library reads as the process starts: they cannot be set from inside it. */
export const APP_PROCESS_ENV = { MALLOC_ARENA_MAX: '2' } as const;
