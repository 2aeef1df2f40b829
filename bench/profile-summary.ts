// Where a V8 CPU profile's time went: self time by bucket (each npm package, each src/<dir>, node
// internals, GC, idle, native code attributed to its JS caller's bucket) and the top functions.
//
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 30] [--inclusive <regex>]
//
// A second table charges node internals and native code to the package or src/<dir> that called
// them (a socket write to Redis counts for ioredis, a statement for src/store): who the CPU was for.
//
// --inclusive adds the total time (self + callees) of every function whose "name file:line" matches.
// Works on any .cpuprofile: `npm run bench` with BENCH_CPU_PROFILE=<dir>, `node --cpu-prof`, DevTools.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

type Profile = z.infer<typeof profileSchema>;
type ProfileNode = Profile['nodes'][number];

/** V8's pseudo-frames, by the bucket they stand for. */
const SPECIAL_FRAMES: Record<string, string> = {
  '(idle)': 'idle',
  '(garbage collector)': 'GC',
  '(program)': 'native, not attributed (program)',
  '(root)': 'native, not attributed (root)',
};
const IDLE = 'idle';

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  buckets: [name: string, ms: number][];
  /** The same time, node internals and native code charged to the nearest calling package or src/<dir>. */
  owners: [name: string, ms: number][];
  functions: { name: string; location: string; bucket: string; ms: number }[];
  inclusive: [name: string, ms: number][];
}

/** Self time by bucket and by function, largest first; inclusive time of the functions matching `inclusive`. */
export function summarize(profile: Profile, inclusive?: RegExp): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfMs = selfTimes(profile);

  const buckets = new Map<string, number>();
  const owners = new Map<string, number>();
  const functions = new Map<string, { name: string; location: string; bucket: string; ms: number }>();
  const inclusiveMs = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    totalMs += ms;
    const bucket = bucketOf(node, byId, parentOf);
    add(buckets, bucket, ms);
    add(owners, ownerOf(node, bucket, byId, parentOf), ms);
    const name = node.callFrame.functionName || '(anonymous)';
    const location = locationOf(node);
    const key = `${name} ${location}`;
    const entry = functions.get(key) ?? { name, location, bucket, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
    if (inclusive) for (const frame of matchingAncestors(id, byId, parentOf, inclusive)) add(inclusiveMs, frame, ms);
  }
  const largestFirst = <T extends [string, number]>(entries: T[]) => entries.sort((a, b) => b[1] - a[1]);
  return {
    totalMs,
    idleMs: buckets.get(IDLE) ?? 0,
    buckets: largestFirst([...buckets]),
    owners: largestFirst([...owners]),
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms),
    inclusive: largestFirst([...inclusiveMs]),
  };
}

/** Milliseconds of samples per node (timeDeltas[i] is the time before sample i). */
function selfTimes(profile: Profile): Map<number, number> {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => add(self, id, (profile.timeDeltas[i] ?? 0) / 1000));
  return self;
}

function bucketOf(node: ProfileNode, byId: Map<number, ProfileNode>, parentOf: Map<number, number>): string {
  const { functionName, url } = node.callFrame;
  if (!url) {
    const special = SPECIAL_FRAMES[functionName];
    if (special) return special;
    // A builtin or a native binding (JSON.parse, a better-sqlite3 statement): charge it to its caller's code.
    const caller = nearestWithUrl(node.id, byId, parentOf);
    return caller ? `${bucketOfUrl(caller.callFrame.url)} › native` : 'native';
  }
  return bucketOfUrl(url);
}

/** The bucket of the nearest frame, from this one up, that is neither node internals nor native; V8's pseudo-frames keep theirs. */
function ownerOf(node: ProfileNode, bucket: string, byId: Map<number, ProfileNode>, parentOf: Map<number, number>): string {
  if (!node.callFrame.url && SPECIAL_FRAMES[node.callFrame.functionName]) return bucket;
  for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
    const url = byId.get(id)?.callFrame.url;
    if (url && !url.startsWith('node:')) return bucketOfUrl(url);
  }
  return 'node internals';
}

function bucketOfUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const npm = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (npm) return `npm:${npm[1] ?? '?'}`;
  if (url.startsWith('node:')) return 'node internals';
  const relative = path.startsWith(ROOT) ? path.slice(ROOT.length) : (/\/((?:src|bench|test|scripts)\/.*)$/.exec(path)?.[1] ?? path);
  const own = /^(src|bench|test|scripts)\/(?:([^/]+)\/)?/.exec(relative);
  if (own) return own[1] === 'src' && own[2] ? `src/${own[2]}` : (own[1] ?? relative);
  return relative;
}

function nearestWithUrl(id: number, byId: Map<number, ProfileNode>, parentOf: Map<number, number>): ProfileNode | undefined {
  for (let current = parentOf.get(id); current !== undefined; current = parentOf.get(current)) {
    const node = byId.get(current);
    if (node?.callFrame.url) return node;
  }
  return undefined;
}

/** "name file:line" of each distinct frame on the stack from `id` up that matches. */
function matchingAncestors(id: number, byId: Map<number, ProfileNode>, parentOf: Map<number, number>, pattern: RegExp): Set<string> {
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    const node = byId.get(current);
    if (!node) break;
    const frame = `${node.callFrame.functionName || '(anonymous)'} ${locationOf(node)}`;
    if (pattern.test(frame)) seen.add(frame);
  }
  return seen;
}

function locationOf(node: ProfileNode): string {
  const { url, lineNumber } = node.callFrame;
  if (!url) return '';
  const path = url.replace(/^file:\/\//, '');
  const short = path.startsWith(ROOT) ? path.slice(ROOT.length) : path.replace(/.*\/node_modules\//, '');
  return `${short}:${lineNumber + 1}`;
}

function add<K>(map: Map<K, number>, key: K, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

// ---- the command line ------------------------------------------------------------------------

function printSummary(file: string, summary: ProfileSummary, top: number): void {
  const busyMs = summary.totalMs - summary.idleMs;
  const pct = (ms: number, of: number) => `${((100 * ms) / Math.max(of, 1e-9)).toFixed(1)}%`.padStart(6);
  const msText = (ms: number) => `${ms.toFixed(0)} ms`.padStart(10);
  console.log(`${file}: ${(summary.totalMs / 1000).toFixed(2)} s sampled, busy ${(busyMs / 1000).toFixed(2)} s (${pct(busyMs, summary.totalMs).trim()}), idle ${(summary.idleMs / 1000).toFixed(2)} s`);
  console.log('\nself time by bucket    (of all · of busy)');
  for (const [bucket, ms] of summary.buckets) console.log(`${msText(ms)} ${pct(ms, summary.totalMs)} ${bucket === IDLE ? '      ' : pct(ms, busyMs)}  ${bucket}`);
  console.log('\nthe same, node internals and native code charged to their caller    (of all · of busy)');
  for (const [owner, ms] of summary.owners) console.log(`${msText(ms)} ${pct(ms, summary.totalMs)} ${owner === IDLE ? '      ' : pct(ms, busyMs)}  ${owner}`);
  console.log(`\ntop ${top} functions by self time    (of all · of busy)`);
  for (const fn of summary.functions.filter((f) => f.bucket !== IDLE).slice(0, top)) {
    console.log(`${msText(fn.ms)} ${pct(fn.ms, summary.totalMs)} ${pct(fn.ms, busyMs)}  ${fn.name}  ${fn.location}  [${fn.bucket}]`);
  }
  if (summary.inclusive.length > 0) {
    console.log('\ninclusive time (self + callees) of the matching functions    (of all · of busy)');
    for (const [frame, ms] of summary.inclusive.slice(0, 40)) console.log(`${msText(ms)} ${pct(ms, summary.totalMs)} ${pct(ms, busyMs)}  ${frame}`);
  }
}

function parseArgs(argv: string[]): { file: string; top: number; inclusive?: RegExp } {
  const usage = 'usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top 30] [--inclusive <regex>]';
  let file: string | undefined;
  let top = 30;
  let inclusive: RegExp | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--top') {
      top = Number(argv[++i]);
      if (!Number.isInteger(top) || top < 1) throw new Error(`--top needs a whole number of functions\n${usage}`);
    } else if (arg === '--inclusive') {
      inclusive = new RegExp(argv[++i] ?? '');
    } else if (!file && !arg.startsWith('--')) {
      file = arg;
    } else {
      throw new Error(`unexpected argument "${arg}"\n${usage}`);
    }
  }
  if (!file) throw new Error(usage);
  return { file, top, ...(inclusive ? { inclusive } : {}) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { file, top, inclusive } = parseArgs(process.argv.slice(2));
    const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    printSummary(file, summarize(profile, inclusive), top);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
