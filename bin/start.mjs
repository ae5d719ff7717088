#!/usr/bin/env node
// `npm start` (issue 14): runs src/main.ts compiled, never stale, with no build step to remember.
//
// The start used to be `node --import tsx src/main.ts`: every start sent ~1,000 modules through
// tsx's loader hooks (a second thread, a message per resolve and load) and compiled what its cache
// missed — about half of the time to `/healthz` 200. Now:
//
// 1. The fingerprint of what the program is made of — every file under src/, tsconfig.json,
//    package.json, the esbuild and Node versions — is a SHA-256 of their contents (not their
//    mtimes: a checkout or a copy keeps no reliable mtime). Reading and hashing src/ takes ~10 ms.
// 2. If `node_modules/.cache/shoudao-start/<fingerprint>/` exists, it is the build of exactly this
//    source: it is imported. Otherwise esbuild — the compiler tsx itself uses, with the same
//    tsconfig, so the program is the one tsx ran — compiles src/ into a fresh directory (about a
//    second) that is renamed into place when complete, so a start never runs a half-written
//    build, and two starts at once do not disturb each other. The four builds used last before
//    it are kept (a process still running one may yet import one of its lazy chunks); older go.
// 3. If esbuild cannot run here, the start falls back to tsx, as before.
//
// `SHOUDAO_START=tsx` forces the tsx path (to compare). The bundle is one file per entry (src/main.ts
// and the lazily imported adapters as chunks); node_modules stay outside it, resolved as usual.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
/** Where builds go; `SHOUDAO_START_CACHE` (a directory under the project, for the bench's cold start) overrides it. */
const CACHE = path.resolve(root, process.env['SHOUDAO_START_CACHE'] ?? path.join('node_modules', '.cache', 'shoudao-start'));
/** Builds kept besides the current one: a process still running an older build may yet import one of its chunks. */
const KEEP = 4;
/** Raise when the build's options change: it is part of the fingerprint. */
const BUILD_FORMAT = 3;

function filesUnder(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The fingerprint of the source and of everything that decides how it compiles. */
function fingerprint(esbuildVersion) {
  const h = createHash('sha256');
  h.update(`format ${BUILD_FORMAT}\0node ${process.versions.node}\0esbuild ${esbuildVersion}\0`);
  const files = [...filesUnder(path.join(root, 'src')), path.join(root, 'tsconfig.json'), path.join(root, 'package.json')].sort();
  for (const f of files) {
    h.update(`${path.relative(root, f)}\0`);
    h.update(readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 24);
}

/**
 * Compiles src/ into `out` (a fresh directory); the entry is `out/main.js`, the threads
 * `out/processing-thread.js`, `out/sqlite-commit-thread.js` and `out/assessment-xlsx-thread.js`.
 */
async function build(esbuild, out) {
  await esbuild.build({
    // The threads' modules are entries too, flat beside main.js and the chunks: their starters find
    // them as siblings of the module that starts them (src/infra/thread.ts `siblingModule`).
    entryPoints: {
      main: path.join(root, 'src', 'main.ts'),
      'processing-thread': path.join(root, 'src', 'server', 'processing-thread.ts'),
      'sqlite-commit-thread': path.join(root, 'src', 'infra', 'inbox', 'sqlite-commit-thread.ts'),
      'assessment-xlsx-thread': path.join(root, 'src', 'infra', 'report', 'assessment-xlsx-thread.ts'),
    },
    outdir: out,
    bundle: true,
    splitting: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node}`,
    tsconfig: path.join(root, 'tsconfig.json'),
    sourcemap: true,
    sourcesContent: false,
    // Chunks and the entry keep their names stable within one build; `import.meta.url` of the
    // bundle is only used for createRequire (resolving packages), which works from any depth.
    logLevel: 'silent',
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The directory of the build of the current source, made if missing; undefined when esbuild cannot run. */
async function compiled() {
  let version;
  try {
    version = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version; // esbuild itself is loaded only to build
  } catch {
    return undefined;
  }
  const dir = path.join(CACHE, fingerprint(version));
  if (existsSync(path.join(dir, 'main.js'))) {
    try {
      const now = new Date();
      utimesSync(dir, now, now); // last used: the cleanup keeps the builds used most recently
    } catch {
      // a read-only cache still runs
    }
    return dir;
  }
  // Anything going wrong here — esbuild missing or failing, a cache directory that cannot be
  // written (a read-only installation) — means running through tsx, as before; never a failed start.
  try {
    const esbuild = require('esbuild');
    mkdirSync(CACHE, { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    try {
      await build(esbuild, tmp);
      // Edited while it compiled: the build may hold neither version; run the source as it is now.
      if (fingerprint(version) !== path.basename(dir)) throw new Error('src/ changed during the build');
      renameSync(tmp, dir);
    } finally {
      rmSync(tmp, { recursive: true, force: true }); // gone after the rename; else a failed build, or another start put the same build in place first
    }
    if (!existsSync(path.join(dir, 'main.js'))) throw new Error(`no build in ${dir}`);
  } catch (err) {
    process.stderr.write(`start: could not compile with esbuild, running through tsx instead: ${err instanceof Error ? err.message : err}\n`);
    return undefined;
  }
  try {
    removeOldBuilds(path.basename(dir));
  } catch {
    // another start is cleaning up too
  }
  return dir;
}

/** Removes builds a killed start left half done, and all but the `KEEP` most recently used others. */
function removeOldBuilds(current) {
  const builds = [];
  for (const name of readdirSync(CACHE)) {
    const building = /\.tmp-(\d+)$/.exec(name);
    if (name === current || (building && alive(Number(building[1])))) continue;
    if (building) rmSync(path.join(CACHE, name), { recursive: true, force: true });
    else builds.push({ name, used: statSync(path.join(CACHE, name)).mtimeMs });
  }
  builds.sort((a, b) => b.used - a.used);
  for (const { name } of builds.slice(KEEP)) rmSync(path.join(CACHE, name), { recursive: true, force: true });
}

const dir = process.env['SHOUDAO_START'] === 'tsx' ? undefined : await compiled();
if (dir) {
  // Stack traces name src/*.ts and their lines. With maps on, Node reads and parses the map of every
  // file as it loads it, and TypeORM ships one for each of its ~300 files: 7 MB of this thread's
  // idle memory (issue 14). So TypeORM is loaded first, with maps still off; the build imports the
  // same module from the cache, and only our own code's maps are read.
  require('typeorm');
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(path.join(dir, 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: path.join(root, 'tsconfig.json') });
  await import(pathToFileURL(path.join(root, 'src', 'main.ts')).href);
}
