// The pipeline bench of this working tree against another commit, runs interleaved. The machine's
// speed drifts by ±30 % within an hour, so two benches run an hour apart say nothing about a change
// of 10 %; run by run in turns, on the same machine state, they do. Each pair runs both sides
// (alternating which goes first); the summary gives the median per pair of this ÷ that.
//
//   npm run bench:compare -- <commit> [pairs]        e.g. npm run bench:compare -- HEAD~3 5
//   BENCH_DATABASE=postgres npm run bench:compare -- main      (every BENCH_* setting applies to both)
//
// The other commit is checked out once into <tmp>/care-bench-compare/<sha> (a git worktree outside
// this tree, kept for the next comparison; the run prints how to remove it) and set up there with
// its own `node scripts/setup.mjs`. Last line, machine-readable:
//   compare: pairs=<n> cpu_ratio=<this÷that> rate_ratio=<n> p99_ratio=<n>

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAX_PAIRS = 20;

interface Side {
  name: string;
  root: string;
}

export interface RunFigures {
  msgsPerS: number;
  p99Ms: number;
  rssMb: number;
  ratio: number;
  /** App CPU per answered message, averaged over the instances; undefined when the bench does not print it. */
  cpuMsPerMessage: number | undefined;
}

/** The figures of one `npm run bench` output, from its last line and its app CPU lines. */
export function readBenchOutput(output: string): RunFigures | undefined {
  const last = /^bench: msgs_per_s=([\d.]+) p50_ms=[\d.]+ p99_ms=([\d.]+) rss_mb=([\d.]+) ratio=([\d.]+)/m.exec(output);
  if (!last) return undefined;
  const cpu = [...output.matchAll(/CPU in the measured phase [\d.]+ s = ([\d.]+) ms per answered message/g)].map((m) => Number(m[1]));
  return {
    msgsPerS: Number(last[1]),
    p99Ms: Number(last[2]),
    rssMb: Number(last[3]),
    ratio: Number(last[4]),
    cpuMsPerMessage: cpu.length ? cpu.reduce((sum, n) => sum + n, 0) / cpu.length : undefined,
  };
}

export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function git(args: string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** A worktree of `commit` set up to run the bench (npm packages, Prisma clients, build, NLU models). */
function checkout(commit: string): string {
  const parent = join(tmpdir(), 'care-bench-compare');
  const dir = join(parent, commit.slice(0, 12));
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(parent, { recursive: true });
    console.log(`compare: checking out ${commit.slice(0, 12)} into ${dir} (remove later with: git worktree remove --force ${dir})`);
    git(['worktree', 'add', '--detach', '--force', dir, commit]);
  }
  // The trained models of this tree, if the other's training data is the same they are reused there.
  const models = join(ROOT, 'data/models');
  if (existsSync(models) && !existsSync(join(dir, 'data/models'))) cpSync(models, join(dir, 'data/models'), { recursive: true });
  console.log(`compare: setting up ${dir} (npm packages, Prisma clients, build)…`);
  execFileSync(process.execPath, ['scripts/setup.mjs', '--quiet'], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  return dir;
}

/**
 * The BENCH_* settings in `env` that the bench in `root` never reads: an older commit would run
 * its default where this tree runs what was asked (another load, another database), and the pair
 * would compare two different runs.
 */
export function settingsUnknownTo(root: string, env: NodeJS.ProcessEnv): string[] {
  const dir = join(root, 'bench');
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
  // Read as process.env.NAME or by a helper given 'NAME'; \b keeps BENCH_DATABASE from matching BENCH_DATABASE_URL.
  const isRead = (name: string) => new RegExp(`(\\.|')${name}\\b`).test(sources);
  return Object.keys(env).filter((name) => /^BENCH_\w+$/.test(name) && env[name] !== undefined && env[name] !== '' && !isRead(name));
}

function runBench(side: Side): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/pipeline.ts'], { cwd: side.root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const figures = readBenchOutput(output);
      if (code === 0 && figures) resolve(figures);
      else reject(new Error(`the bench of ${side.name} failed (exit ${code}); its output ended:\n${output.split('\n').slice(-30).join('\n')}`));
    });
  });
}

function describe(figures: RunFigures): string {
  const cpu = figures.cpuMsPerMessage === undefined ? 'n/a' : figures.cpuMsPerMessage.toFixed(2);
  return `${figures.msgsPerS.toFixed(0).padStart(5)} msg/s  p99 ${figures.p99Ms.toFixed(1).padStart(6)} ms  CPU ${cpu} ms/msg  RSS ${figures.rssMb.toFixed(0)} MB  ratio ${figures.ratio}`;
}

function ratioLine(label: string, ratios: number[]): string {
  const middle = median(ratios);
  return `  ${label.padEnd(22)} median ${middle === undefined ? 'n/a' : middle.toFixed(3)}  (pairs: ${ratios.map((r) => r.toFixed(3)).join(', ') || 'n/a'})`;
}

async function main(): Promise<void> {
  const [target, pairsArgument] = process.argv.slice(2);
  if (!target) throw new Error('name the commit to compare against: npm run bench:compare -- <commit> [pairs]');
  const pairs = pairsArgument === undefined ? 3 : Number(pairsArgument);
  if (!Number.isInteger(pairs) || pairs < 1 || pairs > MAX_PAIRS) throw new Error(`pairs must be a whole number from 1 to ${MAX_PAIRS}, not "${pairsArgument}"`);
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', `${target}^{commit}`]);
  } catch {
    throw new Error(`"${target}" is not a commit of this repository`);
  }
  const here = git(['rev-parse', '--short=12', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  console.log(`compare: machine ${describeMachine()}`);
  const self: Side = { name: `this tree (${here}${dirty ? ' + changes' : ''})`, root: ROOT };
  const other: Side = { name: `${target} (${commit.slice(0, 12)})`, root: checkout(commit) };
  const unknown = settingsUnknownTo(other.root, process.env);
  if (unknown.length)
    throw new Error(
      `${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} set, but the bench of ${target} does not read ${unknown.length > 1 ? 'them' : 'it'}: the two sides would not run the same bench`,
    );
  execFileSync(process.execPath, ['scripts/setup.mjs', '--quiet'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });

  const cpu: number[] = [];
  const rate: number[] = [];
  const p99: number[] = [];
  for (let pair = 1; pair <= pairs; pair += 1) {
    // Which side goes first alternates, so a machine that speeds up or slows down favours neither.
    const order = pair % 2 ? [self, other] : [other, self];
    const figures = new Map<Side, RunFigures>();
    for (const side of order) {
      const result = await runBench(side);
      figures.set(side, result);
      console.log(`pair ${pair}/${pairs}  ${side === self ? 'this' : 'that'}  ${describe(result)}`);
    }
    const mine = figures.get(self)!;
    const theirs = figures.get(other)!;
    if (mine.cpuMsPerMessage !== undefined && theirs.cpuMsPerMessage !== undefined) cpu.push(mine.cpuMsPerMessage / theirs.cpuMsPerMessage);
    rate.push(mine.msgsPerS / theirs.msgsPerS);
    p99.push(mine.p99Ms / theirs.p99Ms);
  }
  console.log(`\nthis = ${self.name}; that = ${other.name}; ratios this ÷ that, per pair:`);
  console.log(ratioLine('app CPU per message', cpu));
  console.log(ratioLine('messages per second', rate));
  console.log(ratioLine('p99 latency', p99));
  const show = (values: number[]) => median(values)?.toFixed(3) ?? 'n/a';
  console.log(`compare: pairs=${pairs} cpu_ratio=${show(cpu)} rate_ratio=${show(rate)} p99_ratio=${show(p99)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`compare: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
