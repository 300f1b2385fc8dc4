// Include and macro settings for a file: command-line flags, the editor's
// includePaths, and the file's entry in compile_commands.json (its -I, -D,
// -U, -include, --target and -m32 flags).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** Where headers are looked for and which macros are set: CLI flags, settings, compile_commands.json. */
export interface IncludeSettings {
  readonly includeDirs: readonly string[];
  readonly quoteDirs?: readonly string[];
  readonly systemDirs: readonly string[];
  readonly defines: ReadonlyArray<readonly [string, string]>;
  readonly undefines: readonly string[];
  readonly forcedIncludes: readonly string[];
}

/** `-DNAME`, `-DNAME=VALUE`, `-DNAME(a)=VALUE` -> [name-with-params, body]. */
export function parseDefine(d: string): [string, string] {
  const eq = d.indexOf('=');
  return eq < 0 ? [d, '1'] : [d.slice(0, eq), d.slice(eq + 1)];
}

export interface FileFlags {
  readonly includeDirs: string[];
  readonly quoteDirs: string[];
  readonly defines: Array<[string, string]>;
  readonly undefines: string[];
  readonly forcedIncludes: string[];
  /** A target triple the flags ask for (`--target`, `-target`, `-m32` on x86_64). */
  target?: string;
}

export function emptyFlags(): FileFlags {
  return { includeDirs: [], quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] };
}

/** Reads compiler arguments (relative paths against `cwd`); flags that change no layout are ignored. */
export function parseCompilerArgs(args: readonly string[], cwd: string, into: FileFlags = emptyFlags()): FileFlags {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (flag: string): string | undefined => {
      if (a === flag) return args[++i];
      if (a.startsWith(flag) && !a.startsWith('--') || (flag.startsWith('--') && a.startsWith(`${flag}=`))) return a.slice(flag.length).replace(/^=/, '');
      return undefined;
    };
    let v: string | undefined;
    if ((v = value('-I')) !== undefined || (v = value('-isystem')) !== undefined || (v = value('-idirafter')) !== undefined) into.includeDirs.push(abs(v));
    else if ((v = value('-iquote')) !== undefined) into.quoteDirs.push(abs(v));
    else if ((v = value('-D')) !== undefined) into.defines.push(parseDefine(v));
    else if ((v = value('-U')) !== undefined) into.undefines.push(v);
    else if (a === '-include' && args[i + 1] !== undefined) into.forcedIncludes.push(abs(args[++i]!));
    else if ((v = value('--target')) !== undefined || (a === '-target' && (v = args[++i]) !== undefined)) into.target = v;
    else if (a === '-m32') into.target = 'i686-unknown-linux-gnu';
    else if (a === '-m64') into.target = 'x86_64-unknown-linux-gnu';
  }
  return into;
}

/** Splits a `command` string the way a POSIX shell would for simple quoting. */
export function splitCommand(command: string): string[] {
  const out: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|((?:\\.|[^\s"'\\])+)/g;
  let current = '';
  let last = -1;
  for (let m = re.exec(command); m; m = re.exec(command)) {
    if (last >= 0 && m.index !== last) {
      out.push(current);
      current = '';
    }
    current += m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3]!.replace(/\\(.)/g, '$1');
    last = re.lastIndex;
  }
  if (last >= 0) out.push(current);
  return out;
}

interface CompileCommand {
  readonly directory: string;
  readonly file: string;
  readonly arguments?: readonly string[];
  readonly command?: string;
}

/** compile_commands.json, by absolute file path. */
export class CompileCommands {
  private constructor(private readonly byFile: ReadonlyMap<string, FileFlags>, readonly path: string) {}

  /** Reads `path` (a compile_commands.json or a folder holding one, directly or in build/); undefined with a reason when it cannot. */
  static load(path: string): CompileCommands | { problem: string } {
    const candidates = path.endsWith('.json') ? [path] : [join(path, 'compile_commands.json'), join(path, 'build', 'compile_commands.json')];
    const file = candidates.find((c) => existsSync(c));
    if (!file) return { problem: `no compile_commands.json at ${candidates.join(' or ')}` };
    let entries: unknown;
    try {
      entries = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      return { problem: `${file}: not JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    if (!Array.isArray(entries)) return { problem: `${file}: expected a list of entries` };
    const byFile = new Map<string, FileFlags>();
    for (const raw of entries as CompileCommand[]) {
      if (typeof raw?.file !== 'string' || typeof raw.directory !== 'string') continue;
      const args = Array.isArray(raw.arguments) ? raw.arguments.filter((a): a is string => typeof a === 'string') : typeof raw.command === 'string' ? splitCommand(raw.command) : [];
      const dir = isAbsolute(raw.directory) ? raw.directory : resolve(dirname(file), raw.directory);
      byFile.set(resolve(dir, raw.file), parseCompilerArgs(args.slice(1), dir));
    }
    return new CompileCommands(byFile, file);
  }

  /** The flags of `file`; a header without an entry takes those of a source file in the same folder, if any. */
  flagsFor(file: string): FileFlags | undefined {
    const abs = resolve(file);
    const own = this.byFile.get(abs);
    if (own) return own;
    const dir = dirname(abs);
    for (const [f, flags] of this.byFile) if (dirname(f) === dir) return flags;
    return undefined;
  }
}

/** Merges flags into the settings the preprocessor takes (command-line/extra flags first, then the file's). */
export function includeSettings(systemDirs: readonly string[], ...flags: ReadonlyArray<FileFlags | undefined>): IncludeSettings {
  const all = flags.filter((f): f is FileFlags => f !== undefined);
  return {
    includeDirs: all.flatMap((f) => f.includeDirs),
    quoteDirs: all.flatMap((f) => f.quoteDirs),
    systemDirs,
    defines: all.flatMap((f) => f.defines),
    undefines: all.flatMap((f) => f.undefines),
    forcedIncludes: all.flatMap((f) => f.forcedIncludes),
  };
}
