// Runs the code paths of a first hover once, on a small built-in C text, while the
// server has nothing else to do (right after start-up). V8 compiles a function only
// once it runs: the first real file's diagnostics, code lenses and hover were 2-4×
// slower than the second's (120-204 ms vs 18-56 ms for examples/c/packet.h's
// diagnostics, measured in-process), and a hover waits behind them on the server's
// one thread. No compiler; the second sample includes a few standard C headers
// (read from the system folders, never from the workspace), which runs the
// preprocessor's code once and leaves those headers lexed in the shared cache: most
// C files, and Python.h, include them.
import type { AnalysisConfig, AnalysisHost } from './analysis.ts';

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
 * runs one step per turn of its event loop, so a file opened meanwhile waits for one header
 * (70-400 ms each, measured at load 5 on 2 CPUs), not for all of them (1.1-1.5 s at once, which
 * held back the first didOpen of the e2e run by 1.3 s).
 */
export const WARM_UP_INCLUDE_STEPS: readonly string[] = [
  ['stddef.h', 'size_t n;'],
  ['stdint.h', 'uint32_t flags;'],
  ['stdio.h', 'FILE *f;'],
  ['stdlib.h', 'div_t d;'],
  ['string.h', 'size_t (*len)(const char *);'],
].map(([header, member], i) => `#include <${header}>\nstruct warm_io${i} { ${member} char c; };\n`);

/**
 * One step of WARM_UP_INCLUDE_STEPS for the primary target (a host that follows includes reads
 * the system headers); its prelude is dropped afterwards, the lexed headers stay cached. Call
 * only while no file is open. Returns the milliseconds taken.
 */
export function warmUpIncludeStep(host: AnalysisHost, config: AnalysisConfig, step: number): number {
  const text = WARM_UP_INCLUDE_STEPS[step];
  if (text === undefined) return 0;
  // A file: path (it need not exist) so that the host builds a prelude.
  const ms = warmUpOn(host, `file:///ffi-lens-warm-up/sample${step}.c`, text, { ...config, targets: config.targets.slice(0, 1) });
  host.invalidateIncludes();
  return ms;
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
