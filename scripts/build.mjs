// Compiles the service to plain JavaScript in dist/ (what `npm start` and `npm run worker` run), so
// the running process carries no TypeScript loader: under `node --import tsx` the same app holds
// ~60 MB more (the loader's thread and esbuild's output). Skipped in ~50 ms when no source changed.
// Files the code reads beside itself (pages, prompts, config, migrations) are linked into dist/, so
// `new URL('../public/', import.meta.url)` finds the same files from either tree.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from './prisma-schemas.mjs';

const DIST = join(root, 'dist');
const STAMP = join(DIST, '.source-hash');
const SOURCE_DIRS = ['src', 'bench', 'test/support'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
/** Folders beside src/ that the code reads through paths relative to its own file. */
const ROOT_ASSET_DIRS = ['config', 'prompts', 'prisma'];

/** Builds dist/ if any source changed; returns whether it compiled. */
export function buildApp({ quiet = false } = {}) {
  const hash = sourceHash();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return false;
  if (!quiet) console.log('[setup] compiling the service to dist/…');
  const tsc = join(root, 'node_modules/.bin/tsc');
  try {
    execFileSync(tsc, ['-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  } catch {
    console.error('[setup] the TypeScript build failed (errors above); dist/ was left as it was.');
    process.exit(1);
  }
  linkAssets();
  writeFileSync(STAMP, hash);
  return true;
}

/** Path, size and modification time of every source file, plus the compiler settings. */
function sourceHash() {
  const hash = createHash('sha256');
  for (const file of CONFIG_FILES) hash.update(file).update(readFileSync(join(root, file)));
  for (const dir of SOURCE_DIRS) {
    for (const file of walk(join(root, dir))) {
      const stat = statSync(file);
      hash.update(`${relative(root, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** Links every non-TypeScript file under src/ and the root asset folders into dist/ (relative links). */
function linkAssets() {
  for (const dir of ROOT_ASSET_DIRS) link(join(root, dir), join(DIST, dir));
  for (const file of walk(join(root, 'src'))) {
    if (file.endsWith('.ts') || file.includes('/generated/')) continue;
    link(file, join(DIST, relative(root, file)));
  }
}

function link(target, path) {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) || isDanglingLink(path)) rmSync(path, { recursive: true, force: true });
  symlinkSync(relative(dirname(path), target), path);
}

function isDanglingLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildApp({ quiet: process.argv.includes('--quiet') });
