// Test fixtures: `$0` marks the cursor in a C text; one analysis host shared
// by a test file (grammars load once).
import { AnalysisHost, DEFAULT_CONFIG, type SourceFile } from '../../server/src/ide/analysis.ts';
import { findTarget } from '../../server/src/layout/targets.ts';
import type { Target } from '../../server/src/layout/types.ts';

let host: Promise<AnalysisHost> | undefined;

export function sharedHost(): Promise<AnalysisHost> {
  host ??= AnalysisHost.create();
  return host;
}

export function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('$0');
  if (offset < 0) throw new Error('fixture has no $0 cursor');
  return { text: text.slice(0, offset) + text.slice(offset + 2), offset };
}

export async function openC(text: string, path = 'fixture.c'): Promise<{ host: AnalysisHost; file: SourceFile }> {
  const h = await sharedHost();
  return { host: h, file: h.openFile(path, /\.(cc|cpp|cxx|hpp)$/.test(path) ? 'cpp' : 'c', text) };
}

export function target(name: string): Target {
  const t = findTarget(name);
  if (!t) throw new Error(`no target ${name}`);
  return t;
}

/** Hover markdown at the `$0` of `fixture`, with the default six-target configuration. */
export async function hoverAt(fixture: string, targets: readonly Target[] = DEFAULT_CONFIG.targets, path = 'fixture.c'): Promise<string | undefined> {
  const { text, offset } = cursor(fixture);
  const { host: h, file } = await openC(text, path);
  try {
    return h.hover(file, offset, { ...DEFAULT_CONFIG, targets })?.markdown;
  } finally {
    file.dispose();
  }
}

export async function openRust(text: string, path = 'fixture.rs'): Promise<{ host: AnalysisHost; file: SourceFile }> {
  const h = await sharedHost();
  return { host: h, file: h.openFile(path, 'rust', text) };
}

/** Hover markdown at the `$0` of a Rust fixture. */
export async function rustHoverAt(fixture: string, targets: readonly Target[] = DEFAULT_CONFIG.targets): Promise<string | undefined> {
  const { text, offset } = cursor(fixture);
  const { host: h, file } = await openRust(text);
  try {
    return h.hover(file, offset, { ...DEFAULT_CONFIG, targets })?.markdown;
  } finally {
    file.dispose();
  }
}
