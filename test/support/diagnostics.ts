// Runs the diagnostics of a C fixture and, when asked, applies the preferred fixes.
import { applyPreferredFixes } from '../../server/src/cli/check-command.ts';
import { DEFAULT_CONFIG, type AnalysisConfig, type Diagnostic } from '../../server/src/ide/analysis.ts';
import { openC, openRust } from './fixture.ts';

export async function diagnosticsOf(text: string, code: string, config: AnalysisConfig = DEFAULT_CONFIG): Promise<Diagnostic[]> {
  const { host, file } = await openC(text);
  try {
    return host.diagnostics(file, config).filter((d) => d.code === code);
  } finally {
    file.dispose();
  }
}

export async function fixed(text: string, code: string, config: AnalysisConfig = DEFAULT_CONFIG): Promise<string> {
  return applyPreferredFixes(text, await diagnosticsOf(text, code, config)).text;
}

/** The diagnostics with `code` of a Rust fixture, with the text each covers. */
export async function rustDiagnosticsOf(text: string, code: string): Promise<Array<Diagnostic & { covered: string }>> {
  const { host, file } = await openRust(text);
  try {
    return host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code === code).map((d) => ({ ...d, covered: text.slice(d.start, d.end) }));
  } finally {
    file.dispose();
  }
}

export async function rustFixed(text: string, code: string): Promise<string> {
  return applyPreferredFixes(text, await rustDiagnosticsOf(text, code)).text;
}
