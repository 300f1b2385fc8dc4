// The preprocessor's output on real headers (Python.h, zlib.h, sqlite3.h, examples/) for the six
// targets, as full runs, directives-only runs and runs resumed from their preamble, must stay what
// the implementation before the speed work produced: the fixture is its digest
// (scripts/gen-preprocess-golden.ts; how to regenerate is said there). Headers are the machine's:
// a missing header, or one whose size differs from the fixture's, skips loudly.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { GOLDEN_PATH, pythonInclude, runAll, runAllSliced, type Golden } from '../../../test/support/preprocess-digest.ts';
import { systemDirsFor } from './system.ts';

const golden = JSON.parse(readFileSync(GOLDEN_PATH, 'utf8')) as Golden;

/** Why the fixture does not describe this machine's headers, or undefined when it does. */
function differs(): string | undefined {
  if (pythonInclude() !== golden.python) return `the Python include folder is ${pythonInclude() ?? 'missing'}, the fixture was made with ${golden.python ?? 'none'}`;
  for (const [triple, dirs] of Object.entries(golden.systemDirs)) {
    const here = systemDirsFor(triple);
    if (JSON.stringify(here) !== JSON.stringify(dirs)) return `the system include folders for ${triple} are ${here.join(', ')}, the fixture's ${dirs.join(', ')}`;
  }
  for (const [path, size] of Object.entries(golden.sizes)) {
    if (!existsSync(path)) return `${path} is missing`;
    const here = statSync(path).size;
    if (here !== size) return `${path} is ${here} bytes, the fixture's ${size}`;
  }
  return undefined;
}

test('real headers preprocess exactly as the fixture says (text, problems, source map, macros, files, preamble)', (t) => {
  const why = differs();
  if (why) {
    console.error(`!! SKIPPED preprocess golden: ${why}; regenerate the fixture on this machine from a known-good implementation (scripts/gen-preprocess-golden.ts)`);
    t.skip(why);
    return;
  }
  const now = runAll();
  assert.deepEqual(Object.keys(now.digests).sort(), Object.keys(golden.digests).sort(), 'the same cases ran');
  for (const [key, want] of Object.entries(golden.digests)) assert.deepEqual(now.digests[key], want, key);
  assert.ok(Object.keys(golden.digests).length >= 6 * 6, 'the fixture covers every case on every target');
});

test('the same through startPreprocess, a pause point per step, six targets interleaved on one LexCache', (t) => {
  const why = differs();
  if (why) {
    console.error(`!! SKIPPED sliced preprocess golden: ${why}`);
    t.skip(why);
    return;
  }
  const now = runAllSliced();
  assert.deepEqual(Object.keys(now.digests).sort(), Object.keys(golden.digests).sort(), 'the same cases ran');
  for (const [key, want] of Object.entries(golden.digests)) assert.deepEqual(now.digests[key], want, key);
  // It paused: Python.h alone reads over a hundred headers per target, each a pause point or more.
  // (The resumed runs read only the main files, all under 64 lines: one step each.)
  for (const mode of ['full', 'directives']) assert.ok(now.steps[mode]! > 1000, `${mode}: ${now.steps[mode]} steps`);
  console.log(`sliced golden: steps ${JSON.stringify(now.steps)}`);
});
