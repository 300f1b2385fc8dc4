// What the preprocessor makes of real headers, as a small digest: hashes of the expanded text,
// problems, source map origins at a sample of offsets, macros, files and the preamble's resumed
// run, per case and target. `scripts/gen-preprocess-golden.ts` writes the digest of an
// implementation to server/src/preproc/preprocess.golden.json; preprocess-golden.test.ts checks
// the current implementation against it (speed work on the preprocessor must not change output).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS } from '../../server/src/layout/targets.ts';
import { predefinedMacros } from '../../server/src/preproc/predefined.ts';
import { LexCache, preprocess, startPreprocess, type FileSource, type PreprocessJob, type PreprocessOptions, type PreprocessResult } from '../../server/src/preproc/preprocess.ts';
import { DiskFileSource, systemDirsFor } from '../../server/src/preproc/system.ts';

export const ROOT = join(__dirname, '..', '..');
export const GOLDEN_PATH = join(ROOT, 'server', 'src', 'preproc', 'preprocess.golden.json');

/**
 * Paths inside this checkout (examples/, the synthetic case) are hashed relative to it: the digest
 * must not depend on where the repository is cloned (CI clones elsewhere).
 * GOLDEN_ROOT_AS=<dir> hashes them as if the checkout were at <dir> (to compare with a fixture made
 * before this rule, in another worktree).
 */
function fromRoot(path: string): string {
  if (!path.startsWith(ROOT + '/')) return path;
  const rest = path.slice(ROOT.length);
  return process.env.GOLDEN_ROOT_AS !== undefined ? process.env.GOLDEN_ROOT_AS + rest : `<checkout>${rest}`;
}

/** The installed Python's include folder (python3-dev), if any. */
export function pythonInclude(): string | undefined {
  const dir = existsSync('/usr/include') ? readdirSync('/usr/include').find((d) => /^python3\.\d+$/.test(d)) : undefined;
  return dir && existsSync(`/usr/include/${dir}/Python.h`) ? `/usr/include/${dir}` : undefined;
}

export interface Case {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  /** Headers the case is about: it is skipped when one is missing. */
  readonly needs: readonly string[];
  readonly defines?: ReadonlyArray<readonly [string, string]>;
  /** Also run as the editor does: directives only, then resumed from the preamble. */
  readonly editor: boolean;
}

export function cases(): Case[] {
  const py = pythonInclude();
  const file = (name: string, path: string, needs: string[], editor: boolean): Case | undefined =>
    existsSync(path) ? { name, path, text: readFileSync(path, 'utf8'), needs, editor } : undefined;
  const out: Array<Case | undefined> = [
    py ? file('Python.h', `${py}/Python.h`, [`${py}/Python.h`], false) : undefined,
    file('zlib.h', '/usr/include/zlib.h', ['/usr/include/zlib.h'], false),
    file('sqlite3.h', '/usr/include/sqlite3.h', ['/usr/include/sqlite3.h'], false),
    file('examples/cpython/keys.c', join(ROOT, 'examples/cpython/keys.c'), py ? [`${py}/Python.h`] : ['/missing/Python.h'], true),
    file('examples/c/packet.h', join(ROOT, 'examples/c/packet.h'), [], true),
    {
      name: 'three headers',
      path: join(ROOT, 'three-headers.c'),
      text: '#define LOCAL_FLAG 3\n#include <zlib.h>\n#include <sqlite3.h>\n#include <Python.h>\n#if LOCAL_FLAG > 2\nint x = Py_None != 0;\n#endif\nstruct s { PyObject_HEAD z_stream z; };\n',
      needs: ['/usr/include/zlib.h', '/usr/include/sqlite3.h', py ? `${py}/Python.h` : '/missing/Python.h'],
      defines: [['_GNU_SOURCE', '1'], ['FFI_LENS_GOLDEN(a, b)', 'a ## b']],
      editor: true,
    },
  ];
  return out.filter((c): c is Case => c !== undefined);
}

export function optionsFor(c: Case, triple: string): PreprocessOptions {
  const py = pythonInclude();
  return { includeDirs: py ? [py] : [], systemDirs: systemDirsFor(triple), predefined: predefinedMacros(triple, 'c'), defines: c.defines };
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 24);

export interface Digest {
  readonly textLength: number;
  readonly text: string;
  readonly problems: number;
  readonly problemsHash: string;
  readonly mapSize: number;
  readonly origins: string;
  readonly macros: number;
  readonly macrosHash: string;
  readonly functionLike: number;
  readonly functionLikeHash: string;
  readonly files: string;
  readonly texts: string;
  readonly dependencies: string;
  readonly preamble: boolean;
  readonly resumed: boolean;
}

export function digest(r: PreprocessResult): Digest {
  // About 3,000 offsets spread over the text, plus every line start (where declarations begin).
  const step = Math.max(1, Math.floor(r.text.length / 3000));
  const origins: string[] = [];
  const at = (o: number): void => {
    const t = r.map.token(o);
    origins.push(t ? `${o}:${t.file}:${t.offset}:${t.outStart}` : `${o}:-`);
  };
  for (let o = 0; o <= r.text.length; o += step) at(o);
  for (let o = r.text.indexOf('\n'); o >= 0 && origins.length < 20_000; o = r.text.indexOf('\n', o + 1)) at(o + 1);
  const macros = [...r.macros()];
  const functionLike = [...r.functionLikeMacros()];
  return {
    textLength: r.text.length,
    text: sha(r.text),
    problems: r.problems.length,
    problemsHash: sha(JSON.stringify(r.problems)),
    mapSize: r.map.size,
    origins: sha(origins.join(',')),
    // Insertion order counts: it is the order the lowering sees.
    macros: macros.length,
    macrosHash: sha(JSON.stringify(macros)),
    functionLike: functionLike.length,
    functionLikeHash: sha(JSON.stringify(functionLike)),
    files: sha(JSON.stringify(r.files.map(fromRoot))),
    texts: sha(r.texts.map((t) => sha(t)).join(',')),
    dependencies: sha(JSON.stringify([...r.dependencies].map(fromRoot).sort())),
    preamble: r.preamble !== undefined,
    resumed: r.resumed,
  };
}

export interface Golden {
  readonly python: string | undefined;
  /** Every file read by some case, with its size: the digests hold only for these headers. */
  readonly sizes: Record<string, number>;
  readonly systemDirs: Record<string, string[]>;
  readonly digests: Record<string, Digest>;
}

/** Every case and target (and mode) with its digest; `sizes` collects the files read. */
export function runAll(only?: (c: Case) => boolean): Golden {
  const source: FileSource = new DiskFileSource();
  const cache = new LexCache();
  const digests: Record<string, Digest> = {};
  const read = new Set<string>();
  const systemDirs: Record<string, string[]> = {};
  for (const c of cases()) {
    if (only && !only(c)) continue;
    for (const target of TARGETS) {
      const options = optionsFor(c, target.triple);
      systemDirs[target.triple] = [...options.systemDirs];
      const key = `${c.name} ${target.triple}`;
      const full = preprocess(c.path, c.text, options, source, cache);
      digests[`${key} full`] = digest(full);
      for (const d of full.dependencies) read.add(d);
      if (!c.editor) continue;
      const directives = preprocess(c.path, c.text, { ...options, mainDirectivesOnly: true }, source, cache);
      digests[`${key} directives`] = digest(directives);
      if (!directives.preamble) continue;
      digests[`${key} resumed`] = digest(preprocess(c.path, c.text, { ...options, resume: directives.preamble }, source, cache));
      const edited = `${c.text}\nint ffi_lens_golden_edit = __LINE__;\n`;
      digests[`${key} resumed-edit`] = digest(preprocess(c.path, edited, { ...options, resume: directives.preamble }, source, cache));
    }
  }
  const sizes: Record<string, number> = {};
  for (const p of [...read].sort()) if (existsSync(p) && p.startsWith('/') && !p.startsWith(ROOT)) sizes[p] = statSync(p).size;
  return { python: pythonInclude(), sizes, systemDirs, digests };
}

/**
 * Jobs run together, `step(0)` each in turn (each pauses at every pause point, and the others run
 * in between on the same LexCache), until all are done; with the steps each took.
 */
export function runInterleaved(jobs: readonly PreprocessJob[]): { results: PreprocessResult[]; steps: number[] } {
  const results: Array<PreprocessResult | undefined> = jobs.map(() => undefined);
  const steps = jobs.map(() => 0);
  for (let left = jobs.length; left > 0;) {
    for (let k = 0; k < jobs.length; k++) {
      if (results[k]) continue;
      steps[k]++;
      const r = jobs[k]!.step(0);
      if (r) {
        results[k] = r;
        left--;
      }
    }
  }
  return { results: results as PreprocessResult[], steps };
}

/**
 * `runAll`'s digests made through `startPreprocess` a pause point at a time: per case, the six
 * targets' full runs interleaved, then their directives-only runs, then the resumed ones.
 * `steps`: how many steps each mode took in all.
 */
export function runAllSliced(only?: (c: Case) => boolean): { digests: Record<string, Digest>; steps: Record<string, number> } {
  const source: FileSource = new DiskFileSource();
  const cache = new LexCache();
  const digests: Record<string, Digest> = {};
  const steps: Record<string, number> = {};
  const together = (mode: string, runs: Array<{ key: string; path: string; text: string; options: PreprocessOptions }>): PreprocessResult[] => {
    const { results, steps: taken } = runInterleaved(runs.map((r) => startPreprocess(r.path, r.text, r.options, source, cache)));
    steps[mode] = (steps[mode] ?? 0) + taken.reduce((a, b) => a + b, 0);
    results.forEach((r, k) => (digests[`${runs[k]!.key} ${mode}`] = digest(r)));
    return results;
  };
  for (const c of cases()) {
    if (only && !only(c)) continue;
    const targets = TARGETS.map((target) => ({ key: `${c.name} ${target.triple}`, path: c.path, text: c.text, options: optionsFor(c, target.triple) }));
    together('full', targets);
    if (!c.editor) continue;
    const directives = together('directives', targets.map((t) => ({ ...t, options: { ...t.options, mainDirectivesOnly: true } })));
    const withPreamble = targets.flatMap((t, k) => (directives[k]!.preamble ? [{ ...t, options: { ...t.options, resume: directives[k]!.preamble } }] : []));
    together('resumed', withPreamble);
    together('resumed-edit', withPreamble.map((t) => ({ ...t, text: `${c.text}\nint ffi_lens_golden_edit = __LINE__;\n` })));
  }
  return { digests, steps };
}
