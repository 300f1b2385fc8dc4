// The functions of a C++ file's workspace that its own analysis cannot see:
// `foo.cpp` calls `parse()`, declared in `parser.hpp` (which it includes) and
// defined in `parser.cpp`. The defining files are found from the file's
// quote-included headers (followed as cpp-header-linkage.ts does): a source
// file with the header's stem (`.cpp`, `.cc`, `.cxx`, `.c++`) beside the
// header, beside the including file, or in `src/` when the header lives in an
// `include/` folder. Each is read through the Workspace (the disk in the CLI,
// `file://` URIs in the editor), parsed with tree-sitter-cpp and analysed by
// the same throw analysis, itself consulting its own headers' files, so throws
// are followed across files transitively. A file's summary (per function: the
// exceptions that can leave it, with the path in that file) is cached per file
// text and the texts of the files it consulted. A file still being analysed
// when a cycle of calls comes back to it answers nothing.
// Where the host has a workspace index (the editor), files the index says
// define a function of the called name are consulted too (any file name).
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../base/line-index.ts';
import { cppFileModel } from '../cpp/file-model.ts';
import { byArgumentCount, type Arity } from '../cpp/syntax.ts';
import { analyse, type Escape, type OtherFileCall, type OtherFileCallee, type OtherFileFunctions, type PathStep } from '../cpp/throw-analysis.ts';
import { normalizeC } from '../syntax/c-normalize.ts';
import type { Parsers } from '../syntax/parser.ts';
import { quoteIncludedHeaders } from './cpp-header-linkage.ts';
import type { IncludeProvider } from './prelude.ts';
import type { Workspace } from './workspace.ts';

export const CPP_SOURCE_EXTENSIONS = ['.cpp', '.cc', '.cxx', '.c++'];
/** Defining files looked at for one file. */
const MAX_DEFINING_FILES = 32;
/** Larger files are not summarised (generated code): their functions stay unknown. */
const MAX_FILE_CHARS = 2_000_000;
const MAX_CACHED_FILES = 512;
/** Files the index names for one called name, at most (a common name such as `get` is defined everywhere). */
const MAX_INDEXED_DEFINERS = 8;

/** File system paths of workspace files that define a function of this name (the editor's workspace index). */
export type FunctionDefiners = (name: string) => readonly string[];

interface FunctionSummary {
  readonly owner: string | undefined;
  readonly arity: Arity | undefined;
  readonly callee: OtherFileCallee;
}

interface FileSummary {
  readonly text: string;
  /** The file's function definitions by unqualified name (noexcept ones with no escapes). */
  readonly byName: ReadonlyMap<string, readonly FunctionSummary[]>;
  /** The other files this summary consulted, with the text each had: a change there makes it stale. */
  readonly consulted: ReadonlyMap<string, string>;
}

/** A defining file as the workspace names it (a path, or a `file://` URI in the editor), with its file system path. */
interface DefiningFile {
  readonly name: string;
  readonly fsPath: string;
}

/** The other files' functions for one file, and what answering consulted (so a summary using them knows its inputs). */
interface TrackedFunctions extends OtherFileFunctions {
  readonly consulted: ReadonlyMap<string, string>;
}

export class CppWorkspaceFunctions {
  private readonly summaries = new Map<string, FileSummary>();
  private readonly analysing = new Set<string>();

  constructor(private readonly workspace: Workspace, private readonly provider: IncludeProvider, private readonly parsers: Parsers, private readonly definers?: FunctionDefiners) {}

  /**
   * The other files' functions for the file at `fsPath` with `text`. `asUri`: the workspace names
   * files by `file://` URI (the editor), so related locations and reads use URIs.
   */
  forFile(fsPath: string, text: string, asUri: boolean, triple: string): TrackedFunctions {
    /** What answering consulted (for the staleness check of a summary that uses this). */
    const consulted = new Map<string, string>();
    // Read and summarised on the first call that needs them, once per file version.
    let summaries: FileSummary[] | undefined;
    /** Files already consulted (the file itself, the headers' defining files), by file system path. */
    const seen = new Set([fsPath]);
    const add = (file: DefiningFile, into: FileSummary[]): void => {
      seen.add(file.fsPath);
      const summary = this.summary(file, asUri, triple);
      if (!summary) return;
      into.push(summary);
      consulted.set(file.name, summary.text);
      for (const [name, t] of summary.consulted) consulted.set(name, t);
    };
    const definingSummaries = (): FileSummary[] => {
      if (summaries) return summaries;
      summaries = [];
      for (const file of this.definingFiles(fsPath, text, asUri, triple)) add(file, summaries);
      return summaries;
    };
    // Files the index names for a called name (a few per name); each file is summarised once, for every name it defines.
    const byIndex = new Map<string, FileSummary[]>();
    const indexedFiles = new Map<string, FileSummary | undefined>();
    const indexed = (name: string): FileSummary[] => {
      let found = byIndex.get(name);
      if (found) return found;
      found = [];
      byIndex.set(name, found);
      const paths = (this.definers?.(name) ?? []).filter((p) => CPP_SOURCE_EXTENSIONS.some((e) => p.endsWith(e)) && !seen.has(p));
      for (const path of paths.slice(0, MAX_INDEXED_DEFINERS)) {
        if (!indexedFiles.has(path)) {
          const one: FileSummary[] = [];
          add({ fsPath: path, name: asUri ? pathToFileURL(path).href : path }, one);
          seen.delete(path); // `seen` keeps the headers' defining files only
          indexedFiles.set(path, one[0]);
        }
        const summary = indexedFiles.get(path);
        if (summary) found.push(summary);
      }
      return found;
    };
    return {
      consulted,
      callees(call: OtherFileCall): readonly OtherFileCallee[] {
        const out: OtherFileCallee[] = [];
        const fromHeaders = definingSummaries();
        for (const summary of [...fromHeaders, ...indexed(call.name)]) {
          const named = summary.byName.get(call.name) ?? [];
          const scopeClass = call.scope.split('::').pop();
          const matching = named.filter((f) => (call.receiverClass ? f.owner === call.receiverClass : call.scope ? f.owner === scopeClass || f.owner === undefined : f.owner === undefined));
          for (const f of byArgumentCount(matching, call.argumentCount)) if (f.callee.escapes.length) out.push(f.callee);
        }
        return out;
      },
    };
  }

  /** Source files with the stem of each quote-included header, beside the header, beside the file, or in a sibling `src/`. */
  private definingFiles(fsPath: string, text: string, asUri: boolean, triple: string): DefiningFile[] {
    const out: DefiningFile[] = [];
    const seen = new Set([fsPath]);
    for (const header of quoteIncludedHeaders(fsPath, text, this.provider, triple)) {
      const stem = basename(header.path).replace(/\.[^.]*$/, '');
      const headerDir = dirname(header.path);
      const dirs = [headerDir, dirname(fsPath)];
      // `include/lib/parser.hpp` -> `src/parser.cpp`, `src/lib/parser.cpp`.
      const inInclude = /^(.*)\/include(\/.*)?$/.exec(headerDir);
      if (inInclude) {
        const root = inInclude[1]!;
        const below = inInclude[2] ?? '';
        dirs.push(join(root, 'src', below), join(root, 'src'));
      }
      for (const dir of dirs) {
        for (const ext of CPP_SOURCE_EXTENSIONS) {
          const candidate = join(dir, stem + ext);
          if (seen.has(candidate)) continue;
          seen.add(candidate);
          out.push({ fsPath: candidate, name: asUri ? pathToFileURL(candidate).href : candidate });
          if (out.length >= MAX_DEFINING_FILES * CPP_SOURCE_EXTENSIONS.length) return out;
        }
      }
    }
    return out;
  }

  private summary(file: DefiningFile, asUri: boolean, triple: string): FileSummary | undefined {
    const text = this.workspace.readFile(file.name);
    if (text === undefined || text.length > MAX_FILE_CHARS) return undefined;
    const cached = this.summaries.get(file.name);
    if (cached && cached.text === text && [...cached.consulted].every(([name, t]) => this.workspace.readFile(name) === t)) return cached;
    if (this.analysing.has(file.name)) return undefined;
    const tree = this.parsers.parse('cpp', normalizeC(text).text);
    if (!tree) return undefined;
    this.analysing.add(file.name);
    try {
      const others = this.forFile(file.fsPath, text, asUri, triple);
      const analysis = analyse(cppFileModel(tree, text), others);
      const lines = new LineIndex(text);
      const here = (s: PathStep): PathStep => {
        if (s.file) return s;
        const a = lines.position(s.start);
        const b = lines.position(s.end);
        return { ...s, file: { path: file.name, line: a.line, character: a.character, endLine: b.line, endCharacter: b.character } };
      };
      const byName = new Map<string, FunctionSummary[]>();
      for (const fn of analysis.model.functions) {
        if (!fn.body) continue;
        // Every definition is kept, throwing or not, so that overloads are chosen among all of them.
        const escapes: Escape[] = fn.noexcept ? [] : analysis.escapes(fn).map((e) => ({ type: e.type, path: e.path.map(here) }));
        const label = fn.owner ? `${fn.owner}::${fn.name.simple}` : fn.name.simple;
        const entry = { owner: fn.owner, arity: fn.arity, callee: { label, fileName: basename(file.fsPath), escapes } };
        byName.set(fn.name.simple, [...(byName.get(fn.name.simple) ?? []), entry]);
      }
      const summary: FileSummary = { text, byName, consulted: new Map(others.consulted) };
      if (this.summaries.size >= MAX_CACHED_FILES) this.summaries.clear();
      this.summaries.set(file.name, summary);
      return summary;
    } finally {
      this.analysing.delete(file.name);
      tree.delete();
    }
  }
}
