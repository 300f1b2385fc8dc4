// Compiler verification of a file's records (ffiLens.verifyWithCompiler): clang's
// layouts for each configured target against ours, kept on the snapshot they
// were made for. Never called for an untrusted workspace (the caller checks;
// this checks again).
import type { AnalysisConfig } from './config.ts';
import type { CFileAnalysis, CompilerVerification } from './c-file.ts';
import type { IncludeProvider } from './prelude.ts';
import type { SourceFile } from './source-file.ts';
import type { RecordDecl } from '../base/model.ts';
import { isUnknown } from '../layout/types.ts';
import { clangLayouts, firstDifference, installedClang } from '../verify/clang-verify.ts';

export async function verifyFile(
  file: SourceFile, c: CFileAnalysis, path: string, config: AnalysisConfig, includes: IncludeProvider | undefined,
): Promise<CompilerVerification | { problem: string }> {
  if (!config.trusted) return { problem: 'the workspace is not trusted: FFI Lens never runs a compiler there' };
  const clang = installedClang();
  if (!clang) return { problem: 'no clang on PATH' };
  const text = file.text;
  const version = file.version;
  const targets = new Map<string, { verified: Set<string>; mismatches: Array<{ decl: RecordDecl; message: string }>; problem?: string }>();
  for (const target of config.targets) {
    const settings = includes?.settingsFor(path, target.triple) ?? { includeDirs: [], systemDirs: [], defines: [], undefines: [], forcedIncludes: [] };
    let theirs;
    try {
      theirs = await clangLayouts(path, text, target.triple, settings);
    } catch (e) {
      targets.set(target.triple, { verified: new Set(), mismatches: [], problem: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (file.version !== version) return { problem: 'the file changed while clang ran' };
    const byName = new Map(theirs.map((r) => [r.name, r]));
    const verified = new Set<string>();
    const mismatches: Array<{ decl: RecordDecl; message: string }> = [];
    for (const { decl, layout } of c.records(target)) {
      if (decl.name === undefined || decl.anonymousMember) continue;
      const t = byName.get(decl.name);
      if (!t) continue;
      if (isUnknown(layout)) {
        mismatches.push({ decl, message: `clang ${clang} lays it out (size ${t.size}, align ${t.align}); FFI Lens could not: ${layout.unknown}` });
        continue;
      }
      const diff = firstDifference(t, layout);
      if (diff) mismatches.push({ decl, message: `clang ${clang} differs on ${target.triple}: ${diff.message}` });
      else verified.add(decl.name);
    }
    targets.set(target.triple, { verified, mismatches });
  }
  return { clang, targets };
}
