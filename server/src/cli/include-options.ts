// The CLI's -I/-D/-U/--compile-commands flags -> the preprocessor settings of each file.
import { CompileCommands, emptyFlags, includeSettings, parseCompilerArgs, type FileFlags, type IncludeSettings } from '../preproc/compile-flags.ts';
import { systemDirsFor } from '../preproc/system.ts';

export interface IncludeOptions {
  readonly flags: FileFlags;
  readonly compileCommands?: CompileCommands;
}

/** Builds the options from commander's values; a compile_commands.json that cannot be read is a usage problem. */
export function includeOptions(o: { include?: string[]; define?: string[]; undefine?: string[]; compileCommands?: string }): IncludeOptions | { problem: string } | undefined {
  if (!o.include?.length && !o.define?.length && !o.undefine?.length && !o.compileCommands) return undefined;
  const args = [...(o.include ?? []).map((d) => `-I${d}`), ...(o.define ?? []).map((d) => `-D${d}`), ...(o.undefine ?? []).map((d) => `-U${d}`)];
  const flags = parseCompilerArgs(args, process.cwd(), emptyFlags());
  if (!o.compileCommands) return { flags };
  const cc = CompileCommands.load(o.compileCommands);
  if ('problem' in cc) return cc;
  return { flags, compileCommands: cc };
}

const INCLUDE_DIRECTIVE = /^[ \t]*#[ \t]*(?:include|include_next|import)\b/m;

/** Files with #include, and every file when include flags or --all-records are given, are preprocessed with their headers. */
export function usesPreprocessor(text: string, o: { include?: IncludeOptions; allRecords?: boolean }): boolean {
  return !!o.include || !!o.allRecords || INCLUDE_DIRECTIVE.test(text);
}

export function includeSettingsFor(path: string, o: IncludeOptions | undefined, triple: string): { settings: IncludeSettings; target?: string; problems: string[] } {
  const fileFlags = o?.compileCommands?.flagsFor(path);
  const problems = o?.compileCommands && !fileFlags ? [`${path}: no entry in ${o.compileCommands.path}; using the command-line flags only`] : [];
  const target = fileFlags?.target;
  return { settings: includeSettings(systemDirsFor(target ?? triple), o?.flags, fileFlags), ...(target ? { target } : {}), problems };
}
