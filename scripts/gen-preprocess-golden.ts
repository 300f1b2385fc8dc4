// Writes server/src/preproc/preprocess.golden.json: the digest (test/support/preprocess-digest.ts)
// of what the CURRENT preprocessor makes of Python.h, zlib.h, sqlite3.h and examples/ for the six
// targets. preprocess-golden.test.ts compares later implementations against it.
//
//   node --import tsx scripts/gen-preprocess-golden.ts
//
// Regenerate only from an implementation whose output is known right (e.g. check out the commit
// that made the fixture, or one that changes the output on purpose), never to make the test pass
// after a speed change. The fixture also records the sizes of every header read and the system
// include folders: on a machine whose headers differ the test skips, saying so.
import { writeFileSync } from 'node:fs';
import { GOLDEN_PATH, runAll } from '../test/support/preprocess-digest.ts';

const golden = runAll();
writeFileSync(GOLDEN_PATH, JSON.stringify(golden, null, 1) + '\n');
console.log(`${GOLDEN_PATH}: ${Object.keys(golden.digests).length} digests, ${Object.keys(golden.sizes).length} headers`);
