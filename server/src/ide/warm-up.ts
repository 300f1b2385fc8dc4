// Runs the code paths of a first hover once, on a small built-in C text, while the
// server has nothing else to do (right after start-up). V8 compiles a function only
// once it runs: the first real file's diagnostics, code lenses and hover were 2-4×
// slower than the second's (120-204 ms vs 18-56 ms for examples/c/packet.h's
// diagnostics, measured in-process), and a hover waits behind them on the server's
// one thread. No compiler; then the preprocessor alone on a few standard C headers
// (read from the system folders, never from the workspace), which compiles its code
// and leaves those headers lexed in the shared cache: most C files, and Python.h,
// include them.
import type { AnalysisConfig, AnalysisHost } from './analysis.ts';
import { predefinedMacros } from '../preproc/predefined.ts';
import { preprocess } from '../preproc/preprocess.ts';

export const WARM_UP_SAMPLE = `struct warm_a { char c; int i; double d; unsigned b : 3; unsigned long long q; };
union warm_u { char c[3]; long l; struct warm_a a; };
typedef struct { struct warm_a a; union { int x; float y; }; char z[0]; } warm_t;
`;

/** Diagnostics, record layouts (code lenses, the layout view) and a hover on WARM_UP_SAMPLE; returns the milliseconds taken. */
export function warmUp(host: AnalysisHost, config: AnalysisConfig): number {
  return warmUpOn(host, 'ffi-lens-warm-up:/sample.c', WARM_UP_SAMPLE, config);
}

/**
 * Standard headers nearly every C file includes (so does Python.h), one per step: the server
 * runs one step per turn of its event loop while no file is open, so a file opened meanwhile
 * waits for one step at most. A step only preprocesses (50-110 ms each in-process at load 2;
 * all five headers read through the whole pipeline at once took 1.1-1.5 s and held the e2e's
 * first didOpen back by 1.3 s). Measured gain, bench (f) interleaved three times each: first hover
 * on a Python.h file p50 ~985 ms without these steps, ~900 ms with them.
 */
export const WARM_UP_INCLUDE_STEPS: readonly string[] = [
  ['stddef.h', 'size_t n;'],
  ['stdint.h', 'uint32_t flags;'],
  ['stdio.h', 'FILE *f;'],
  ['stdlib.h', 'div_t d;'],
  ['string.h', 'size_t (*len)(const char *);'],
].map(([header, member], i) => `#include <${header}>\nstruct warm_io${i} { ${member} char c; };\n`);

/**
 * One step of WARM_UP_INCLUDE_STEPS for the primary target, through the host's include provider
 * (the system folders, never the workspace): the header stays lexed in the shared cache and the
 * preprocessor's code is compiled. Returns the milliseconds taken.
 */
export function warmUpIncludeStep(host: AnalysisHost, config: AnalysisConfig, step: number): number {
  const text = WARM_UP_INCLUDE_STEPS[step];
  const provider = host.includeProvider;
  const target = config.targets[0];
  if (text === undefined || !provider || !target) return 0;
  const started = performance.now();
  // The preprocessor alone: parsing and lowering were warmed by WARM_UP_SAMPLE, and each step is
  // a stretch the server's thread cannot be interrupted in.
  const path = `/ffi-lens-warm-up/sample${step}.c`;
  preprocess(path, text, { ...provider.settingsFor(path, target.triple), predefined: predefinedMacros(target.triple, 'c'), mainDirectivesOnly: true }, provider.source, provider.cache);
  return performance.now() - started;
}

/** Every step at once (tests, the CLI); returns the milliseconds taken. */
export function warmUpIncludes(host: AnalysisHost, config: AnalysisConfig): number {
  let ms = 0;
  for (let step = 0; step < WARM_UP_INCLUDE_STEPS.length; step++) ms += warmUpIncludeStep(host, config, step);
  return ms;
}

function warmUpOn(host: AnalysisHost, uri: string, text: string, config: AnalysisConfig): number {
  const started = performance.now();
  const file = host.openFile(uri, 'c', text);
  try {
    host.diagnostics(file, config);
    host.recordLayouts(file, config);
    host.hover(file, text.indexOf('warm_'), config);
  } finally {
    file.dispose();
  }
  return performance.now() - started;
}
