// Runs the code paths of a first hover once, on a small built-in C text, while the
// server has nothing else to do (right after start-up). V8 compiles a function only
// once it runs: the first real file's diagnostics, code lenses and hover were 2-4×
// slower than the second's (120-204 ms vs 18-56 ms for examples/c/packet.h's
// diagnostics, measured in-process), and a hover waits behind them on the server's
// one thread. No compiler, no headers: a warm-up that also read the standard C
// headers (to compile the preprocessor's code and lex them) saved ~60 ms of a
// Python.h file's first hover but, not being interruptible, held a file opened
// meanwhile back by up to 0.75 s even when read one header per turn; it was dropped.
import type { AnalysisConfig, AnalysisHost } from './analysis.ts';

export const WARM_UP_SAMPLE = `struct warm_a { char c; int i; double d; unsigned b : 3; unsigned long long q; };
union warm_u { char c[3]; long l; struct warm_a a; };
typedef struct { struct warm_a a; union { int x; float y; }; char z[0]; } warm_t;
`;

/** Diagnostics, record layouts (code lenses, the layout view) and a hover on WARM_UP_SAMPLE; returns the milliseconds taken. */
export function warmUp(host: AnalysisHost, config: AnalysisConfig): number {
  return warmUpOn(host, 'ffi-lens-warm-up:/sample.c', WARM_UP_SAMPLE, config);
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
