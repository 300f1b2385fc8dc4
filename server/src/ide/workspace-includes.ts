// Include settings for the server and `ffi-lens check`: extra flags
// (ffiLens.includePaths, or the CLI's -I/-D/-U), compile_commands.json (at a
// workspace root or its build/, or named), and the system directories of the
// installed compiler. Files are read from disk and forgotten when the client
// reports a change. The one place in ide/ that reads the disk (through preproc/).
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { IncludeProvider } from './prelude.ts';
import { CompileCommands, includeSettings, type FileFlags, type IncludeSettings } from '../preproc/compile-flags.ts';
import { LexCache } from '../preproc/preprocess.ts';
import { DiskFileSource, systemDirsFor } from '../preproc/system.ts';

export class WorkspaceIncludes implements IncludeProvider {
  readonly source = new DiskFileSource();
  readonly cache = new LexCache();
  private roots: string[] = [];
  private compileCommands: CompileCommands[] = [];

  /**
   * `extra`: flags that apply to every file (the editor's includePaths, the CLI's -I/-D/-U).
   * `fileTargets`: a file's compile command names its target (`--target`, `-m32`); false when the
   * user named the targets explicitly (the CLI's `--target`), which then win.
   */
  constructor(private readonly extra: () => FileFlags, named?: CompileCommands, private readonly fileTargets = true) {
    if (named) this.compileCommands = [named];
  }

  /** The workspace folders (URIs); reads their compile_commands.json. Returns what could not be used. */
  setRoots(uris: readonly string[]): string[] {
    this.roots = [];
    for (const u of uris) {
      try {
        const p = fileURLToPath(u);
        if (!this.roots.includes(p)) this.roots.push(p);
      } catch {
        // Not a file: URI: nothing on disk to read.
      }
    }
    return this.loadCompileCommands();
  }

  private loadCompileCommands(): string[] {
    const problems: string[] = [];
    this.compileCommands = [];
    for (const root of this.roots) {
      const cc = CompileCommands.load(root);
      if ('problem' in cc) continue;
      this.compileCommands.push(cc);
    }
    return problems;
  }

  /** A watched file changed (URI). */
  changed(uri: string): void {
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return;
    }
    this.source.invalidate(path);
    this.cache.delete(path);
    if (path.endsWith('compile_commands.json')) this.loadCompileCommands();
    // A header that did not exist may now: forget every negative lookup too.
    this.source.invalidate();
  }

  settingsFor(path: string, triple: string): IncludeSettings {
    const fileFlags = this.compileCommands.map((c) => c.flagsFor(path)).find((f) => f !== undefined);
    return includeSettings(systemDirsFor(triple), this.extra(), fileFlags);
  }

  targetFor(path: string): { triple: string; from: string } | undefined {
    if (!this.fileTargets) return undefined;
    for (const c of this.compileCommands) {
      const flags = c.flagsFor(path);
      if (flags) return flags.target ? { triple: flags.target, from: c.path } : undefined;
    }
    return undefined;
  }

  /**
   * Where the workspace index looks for the headers workspace files include: the extra folders,
   * the system folders of each target (equal lists once), and the roots whose compile_commands.json
   * gives per-file flags. Plain data (it crosses into the index worker).
   */
  includeSearch(triples: readonly string[]): { includeDirs: string[]; systemDirLists: string[][]; compileCommandsRoots: string[] } {
    const lists = new Map<string, string[]>();
    for (const t of triples) {
      const dirs = systemDirsFor(t);
      lists.set(dirs.join('\0'), dirs);
    }
    return { includeDirs: [...this.extra().includeDirs], systemDirLists: [...lists.values()], compileCommandsRoots: this.compileCommands.map((c) => c.path) };
  }

  uriOf(path: string): string {
    return pathToFileURL(path).toString();
  }
}
