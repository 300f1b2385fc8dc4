// THE API BOUNDARY. Everything the LSP server and the CLI ask goes through
// here and comes back as plain data: offsets, strings, edits. No LSP types,
// no file system: callers hand in text.
import type { DeclTable, RecordDecl } from '../base/model.ts';
import { hoverC, type HoverResult } from '../hover/c-hover.ts';
import { collectActions, type Action } from '../actions/registry.ts';
import { collectInlayHints, type InlayHint } from '../inlay/registry.ts';
import { findTarget } from '../layout/targets.ts';
import { shortTargetName } from '../hover/render.ts';
import type { LayoutAnswer, Target } from '../layout/types.ts';
import { Parsers, parseRange, type LanguageId } from '../syntax/parser.ts';
import { CFileAnalysis } from './c-file.ts';
import { RustFileAnalysis, type CrateContext } from './rust-file.ts';
import { CrateIndex } from './rust-crate.ts';
import { crateRootOf, type Workspace } from './workspace.ts';
import { cfgFactsOf } from '../lower/rust/cfg.ts';
import { crateLevelAllows } from '../lower/rust/lower.ts';
import { hoverRust } from '../hover/rust-hover.ts';
import { SourceFile, type TextEdit } from './source-file.ts';
import { collectDiagnostics, type Diagnostic } from '../diagnostics/registry.ts';
import type { AnalysisConfig } from './config.ts';
import { recordViews, type RecordView } from './layout-view.ts';
import { buildPrelude, directiveKey, hasIncludes, startPrelude, type IncludeProvider, type Prelude, type PreludeJob } from './prelude.ts';
import { definitionAt, symbolsOf, type Location, type SymbolInfo } from './navigation.ts';
import { fileURLToPath } from 'node:url';
import { preprocess, type FileSource } from '../preproc/preprocess.ts';
import { predefinedMacros } from '../preproc/predefined.ts';
import type { PreprocessView } from './c-file.ts';
import { verifyFile } from './verification.ts';
import { cLinkageFromHeaders, quoteIncludes } from './cpp-header-linkage.ts';
import { CppWorkspaceFunctions, type FunctionDefiners } from './cpp-workspace-functions.ts';
import type { OtherFileFunctions } from '../cpp/throw-analysis.ts';
import { analyseTranslationUnit, inMainFileOffsets, mainOnPreamble } from './translation-unit.ts';
import type { CFile } from '../lower/c/lower.ts';

/**
 * Preludes of files that are not open (read ahead, or the primary target's of a closed file) are
 * kept up to this many, the oldest dropped first. Measured: a file including Python.h holds
 * ~1.7 MB of prelude beyond the header cache all files share (~20 MB for Python.h's headers), so
 * 32 such files hold ~55 MB.
 */
export const UNOPENED_PRELUDES_KEPT = 32;

/** The key of a prelude job: a file's path and a target. */
function jobId(path: string, target: Target): string {
  return `${path}\n${target.triple}`;
}

/** Reading one file's headers ahead: `more` to do, `read` (its prelude is kept), or `dropped` (the file opened, or the includes changed, meanwhile). */
export interface ReadAheadJob {
  step(budgetMs: number): 'more' | 'read' | 'dropped';
}

/** No files: a file's own directives checked without following its (absent) includes. */
const NO_FILES: FileSource = { read: () => undefined };

/** A file system path for a SourceFile's path (editors give `file:` URIs; the CLI gives paths); undefined for other schemes. */
function fileSystemPath(p: string): string | undefined {
  if (p.startsWith('file:')) {
    try {
      return fileURLToPath(p);
    } catch {
      return undefined;
    }
  }
  return /^[a-z][a-z0-9+.-]*:/i.test(p) && !/^[a-z]:[\\/]/i.test(p) ? undefined : p;
}

export type { HoverResult, Diagnostic, TextEdit, Action, InlayHint, AnalysisConfig, Workspace, IncludeProvider, Location, SymbolInfo, RecordView };
export { DEFAULT_CONFIG, knownTargetNames, parseSettings, resolveTargets } from './config.ts';
export { SourceFile };
export { WorkspaceIncludes } from './workspace-includes.ts';
export { emptyFlags } from '../preproc/compile-flags.ts';
export { hostSystemDirs } from '../preproc/system.ts';

export interface RecordReport {
  readonly name: string;
  readonly kind: 'struct' | 'union';
  readonly line: number;
  readonly decl: RecordDecl;
  readonly layout: LayoutAnswer;
  /** The declarations the record's member types refer to. */
  readonly table: DeclTable;
}

/** Where a guarded provider's failure is reported (the LSP log, stderr in the CLI). */
export type ErrorSink = (what: string, e: unknown) => void;

export class AnalysisHost {
  private readonly cFiles = new WeakMap<SourceFile, { version: number; analysis: CFileAnalysis }>();
  private readonly rustFiles = new WeakMap<SourceFile, { version: number; analysis: RustFileAnalysis }>();
  private includes: IncludeProvider | undefined;
  /** Per file path and target: the prelude for a set of directive lines. */
  private readonly preludes = new Map<string, Map<string, { key: string; prelude: Prelude }>>();
  /**
   * Preludes being built a slice at a time, by path and target (`jobId`): read ahead for a file not
   * open yet, or another target of an open file read in the background. Whoever needs the prelude
   * meanwhile finishes the job rather than starting again.
   */
  private readonly preludeJobs = new Map<string, { key: string; job: PreludeJob }>();
  /** Targets of open files (by `jobId`) whose prelude the background reading built and whose file is still to read. */
  private readonly builtInBackground = new Set<string>();
  /** Paths of files not open whose prelude is kept (read ahead, or closed), oldest first (at most `UNOPENED_PRELUDES_KEPT`). */
  private readonly unopened: string[] = [];
  private includesGeneration = 0;

  /** Per crate root: its text when read, the lints it allows per target, and the crate's other files. */
  private readonly crateRoots = new Map<string, { text: string; allows: Map<string, ReadonlySet<string>>; index: CrateIndex }>();

  /** Where includes are looked for (the warm-up preprocesses the standard headers through it). */
  get includeProvider(): IncludeProvider | undefined {
    return this.includes;
  }

  /** Follow #include for files with a file system path (the server and the CLI set this). */
  setIncludeProvider(provider: IncludeProvider | undefined): void {
    this.includes = provider;
    this.invalidateIncludes();
  }

  /** A header or the settings changed: every prelude is rebuilt when next asked for. */
  invalidateIncludes(): void {
    this.preludes.clear();
    for (const { job } of this.preludeJobs.values()) job.cancel();
    this.preludeJobs.clear();
    this.builtInBackground.clear();
    this.unopened.length = 0;
    this.includesGeneration++;
  }

  private preludeKey(file: SourceFile): string {
    return this.preludeKeyOf(file.text);
  }

  /** A prelude is kept while the includes are unchanged and the file's directive lines are the same. */
  private preludeKeyOf(text: string): string {
    return `${this.includesGeneration}\n${directiveKey(text)}`;
  }

  /** Whether `target`'s prelude of the file is built already (reading the file for it then costs little). */
  private preludeBuilt(file: SourceFile, target: Target): boolean {
    const path = fileSystemPath(file.path);
    return path !== undefined && this.preludes.get(path)?.get(target.triple)?.key === this.preludeKey(file);
  }

  private preludeGetter(file: SourceFile): ((target: Target) => Prelude | undefined) | undefined {
    const provider = this.includes;
    if (!provider || !hasIncludes(file.text)) return undefined;
    const path = fileSystemPath(file.path);
    if (path === undefined) return undefined;
    const key = this.preludeKey(file);
    const text = file.text;
    const language = file.language === 'cpp' ? 'cpp' : 'c';
    return (target) => {
      let perTarget = this.preludes.get(path);
      if (!perTarget) {
        perTarget = new Map();
        this.preludes.set(path, perTarget);
      }
      this.opened(path);
      const cached = perTarget.get(target.triple);
      if (cached && cached.key === key) return cached.prelude;
      // Being built a slice at a time for the same directives: finish that rather than start again.
      const pending = this.preludeJobs.get(jobId(path, target));
      if (pending?.key === key) return this.stepPreludeJob(path, text, language, target, key, Infinity)!;
      const prelude = buildPrelude(this.parsers, path, text, provider, target, language);
      this.storePrelude(path, target, key, prelude);
      return prelude;
    };
  }

  private storePrelude(path: string, target: Target, key: string, prelude: Prelude): void {
    let perTarget = this.preludes.get(path);
    if (!perTarget) this.preludes.set(path, (perTarget = new Map()));
    perTarget.set(target.triple, { key, prelude });
  }

  /**
   * Works on `target`'s prelude of the file at `path` (`text`, directives `key`) for about
   * `budgetMs`, going on with the job begun for it or starting one; the prelude once built (then
   * stored as any prelude).
   */
  private stepPreludeJob(path: string, text: string, language: 'c' | 'cpp', target: Target, key: string, budgetMs: number): Prelude | undefined {
    const provider = this.includes;
    if (!provider) return undefined;
    const id = jobId(path, target);
    let entry = this.preludeJobs.get(id);
    if (entry && entry.key !== key) {
      entry.job.cancel();
      entry = undefined;
    }
    if (!entry) this.preludeJobs.set(id, (entry = { key, job: startPrelude(this.parsers, path, text, provider, target, language) }));
    const until = performance.now() + budgetMs;
    let prelude: Prelude | undefined;
    do prelude = entry.job.step(Math.max(0, until - performance.now()));
    while (!prelude && performance.now() < until);
    if (!prelude) return undefined;
    this.preludeJobs.delete(id);
    this.storePrelude(path, target, key, prelude);
    return prelude;
  }

  /** The file at `path` is open: its prelude is no longer one of the unopened ones. */
  private opened(path: string): void {
    const at = this.unopened.indexOf(path);
    if (at >= 0) this.unopened.splice(at, 1);
  }

  /** The file at `path` is not open and its prelude is kept: the oldest unopened ones beyond `UNOPENED_PRELUDES_KEPT` go. */
  private keptUnopened(path: string): void {
    this.opened(path);
    this.unopened.push(path);
    while (this.unopened.length > UNOPENED_PRELUDES_KEPT) this.preludes.delete(this.unopened.shift()!);
  }

  /**
   * The editor closed `file`: its primary target's prelude is kept among the unopened ones (a file
   * opened again soon shows its first hover at once), its other targets' are dropped, as is any
   * reading of them under way. Without this, every file ever opened kept six preludes.
   */
  closed(file: SourceFile, given: AnalysisConfig): void {
    const path = fileSystemPath(file.path);
    const perTarget = path === undefined ? undefined : this.preludes.get(path);
    if (path === undefined) return;
    const primary = this.forFile(file, given).config.targets[0];
    for (const [id, { job }] of this.preludeJobs) {
      if (!id.startsWith(`${path}\n`)) continue;
      job.cancel();
      this.preludeJobs.delete(id);
      this.builtInBackground.delete(id);
    }
    if (!perTarget) return;
    for (const triple of [...perTarget.keys()]) if (triple !== primary?.triple) perTarget.delete(triple);
    if (perTarget.size) this.keptUnopened(path);
    else this.preludes.delete(path);
  }

  /**
   * Reads the headers of a file that is not open (its text as on disk) for its primary target,
   * a slice at a time, so that opening it later finds its prelude built (clangd builds a
   * preamble only once a file is opened; this is for the server's idle time). Undefined when
   * there is nothing to read: no includes, or its prelude for these directives is built. At most
   * `UNOPENED_PRELUDES_KEPT` preludes of files not open are kept (the oldest is dropped).
   */
  readAhead(path: string, language: 'c' | 'cpp', text: string, given: AnalysisConfig): ReadAheadJob | undefined {
    const provider = this.includes;
    const target = this.forPath(path, given).config.targets[0];
    if (!provider || !target || !hasIncludes(text)) return undefined;
    const key = this.preludeKeyOf(text);
    if (this.preludes.get(path)?.get(target.triple)?.key === key) return undefined;
    const id = jobId(path, target);
    // A job for the same directives goes on; one for other directives (the file changed on disk) is replaced.
    const existing = this.preludeJobs.get(id);
    const entry = existing?.key === key ? existing : { key, job: startPrelude(this.parsers, path, text, provider, target, language) };
    if (entry !== existing) {
      existing?.job.cancel();
      this.preludeJobs.set(id, entry);
    }
    return {
      step: (budgetMs) => {
        // Opened meanwhile (the file finished the job) or the includes changed: nothing more to do here.
        if (this.preludeJobs.get(id) !== entry) {
          entry.job.cancel();
          return 'dropped';
        }
        if (!this.stepPreludeJob(path, text, language, target, key, budgetMs)) return 'more';
        this.keptUnopened(path);
        return 'read';
      },
    };
  }

  /**
   * The configuration a C or C++ file is analysed with: when its compile command names a target
   * (`--target`, `-m32` in compile_commands.json) that target is the primary one (first), the
   * configured targets follow for comparison. `note` says so for the hover.
   */
  private forFile(file: SourceFile, config: AnalysisConfig): { config: AnalysisConfig; note?: string } {
    if (file.language !== 'c' && file.language !== 'cpp') return { config };
    return this.forPath(fileSystemPath(file.path), config);
  }

  /** `forFile` for a C or C++ file at `path` (a file system path). */
  private forPath(path: string | undefined, config: AnalysisConfig): { config: AnalysisConfig; note?: string } {
    const provider = this.includes;
    if (!provider?.targetFor) return { config };
    const wanted = path === undefined ? undefined : provider.targetFor(path);
    const target = wanted && findTarget(wanted.triple);
    if (!wanted || !target) return { config };
    const targets = [target, ...config.targets.filter((t) => t !== target)];
    return { config: { ...config, targets }, note: `primary target ${target.triple}: the file's compile command in ${wanted.from}` };
  }

  private readonly directiveChecks = new Map<string, { key: string; view: PreprocessView }>();

  /** The preprocessor's problems for a file: its prelude's, or for a file without includes, those of its own directives. */
  private directiveProblems(file: SourceFile, target: Target, prelude: ((target: Target) => Prelude | undefined) | undefined): PreprocessView {
    if (prelude) {
      const p = prelude(target);
      return p ? { problems: p.problemsIn(file.text), files: p.files, texts: p.texts } : { problems: [], files: [], texts: [] };
    }
    if (!/^[ \t]*#/m.test(file.text)) return { problems: [], files: [], texts: [] };
    const key = `${target.triple}\n${directiveKey(file.text)}`;
    const cached = this.directiveChecks.get(file.path);
    if (cached && cached.key === key) return cached.view;
    const r = preprocess(file.path, file.text, { includeDirs: [], systemDirs: [], predefined: predefinedMacros(target.triple, file.language === 'cpp' ? 'cpp' : 'c'), mainDirectivesOnly: true }, NO_FILES);
    // No files were provided here (C++ files, or no include provider), so an include "not found" says nothing.
    const view = { problems: r.problems.filter((p) => !p.missingInclude), files: r.files, texts: r.texts };
    if (this.directiveChecks.size > 256) this.directiveChecks.clear();
    this.directiveChecks.set(file.path, { key, view });
    return view;
  }

  /**
   * Asks clang for the file's layouts on every configured target (only for a trusted workspace) and keeps
   * the outcome on the file's current snapshot: hovers then say "verified by clang N" and the
   * `c-compiler-mismatch` diagnostic names the first differing field.
   */
  async verifyWithCompiler(file: SourceFile, config: AnalysisConfig): Promise<{ problem?: string }> {
    const c = this.cAnalysis(file);
    const path = fileSystemPath(file.path);
    if (!c || path === undefined) return { problem: 'not a C file on disk' };
    const outcome = await verifyFile(file, c, path, this.forFile(file, config).config, this.includes);
    if ('problem' in outcome) return outcome;
    c.verification = outcome;
    const problems = [...outcome.targets.entries()].filter(([, t]) => t.problem).map(([triple, t]) => `${triple}: ${t.problem}`);
    return problems.length ? { problem: problems.join('; ') } : {};
  }

  /** For a file that uses its headers' macros: the whole preprocessed unit, in the file's own offsets (per snapshot). */
  private fullUnitGetter(file: SourceFile, prelude: (target: Target) => Prelude | undefined): (target: Target) => CFile | undefined {
    const provider = this.includes;
    const path = fileSystemPath(file.path);
    const text = file.text;
    const language = file.language === 'cpp' ? 'cpp' : 'c';
    return (target) => {
      const p = prelude(target);
      if (!provider || path === undefined || !p || !p.needsFullUnit(text)) return undefined;
      const settings = provider.settingsFor(path, target.triple);
      const onPreamble = p.preamble && mainOnPreamble(this.parsers, path, text, settings, target, provider.source, provider.cache, p.preamble, p.seed, language);
      if (onPreamble) return onPreamble;
      const unit = analyseTranslationUnit(this.parsers, path, text, provider.settingsFor(path, target.triple), target, provider.source, provider.cache, false, language);
      return inMainFileOffsets(unit, text.length);
    };
  }

  /** Where the record, enum or typedef named at `offset` is defined (in this file or an included header). */
  definition(file: SourceFile, offset: number, given: AnalysisConfig): Location | undefined {
    const { config } = this.forFile(file, given);
    const c = this.cAnalysis(file);
    const target = config.targets[0];
    return c && target ? definitionAt(file, c, target, offset) : undefined;
  }

  /** Named records, enums and typedefs of the files and their includes, deduplicated by name and place. */
  symbols(files: Iterable<SourceFile>, query: string, given: AnalysisConfig, limit = 2000): SymbolInfo[] {
    const seen = new Set<string>();
    const out: SymbolInfo[] = [];
    for (const file of files) {
      const c = this.cAnalysis(file);
      const target = this.forFile(file, given).config.targets[0];
      if (!c || !target) continue;
      for (const s of symbolsOf(file, c, target, query, limit)) {
        const key = `${s.name}\0${s.location.path}\0${s.location.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(s);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  private constructor(readonly parsers: Parsers, private readonly workspace: Workspace | undefined) {}

  /** `workspace`: what the analysis may read beyond open files (a Rust file's crate root); none in tests. */
  static async create(workspace?: Workspace): Promise<AnalysisHost> {
    return new AnalysisHost(await Parsers.create(), workspace);
  }

  /** What the rest of a Rust file's crate contributes: the root's `#![allow(..)]`, other files' types. */
  private crateContext(path: string): CrateContext | undefined {
    const absolute = this.workspace?.resolve?.(path) ?? path;
    const root = this.workspace ? crateRootOf(absolute, this.workspace) : undefined;
    if (!root || !this.workspace) return undefined;
    let entry = this.crateRoots.get(root.path);
    if (!entry || entry.text !== root.text) {
      entry = { text: root.text, allows: new Map(), index: new CrateIndex(root.path, root.text, this.workspace, this.parsers) };
      this.crateRoots.set(root.path, entry);
    }
    const { allows, text, index } = entry;
    const allowed = (target: Target): ReadonlySet<string> => {
      let set = allows.get(target.triple);
      if (!set) {
        const tree = this.parsers.parse('rust', text);
        set = tree ? crateLevelAllows(tree, cfgFactsOf(target.triple)) : new Set<string>();
        tree?.delete();
        allows.set(target.triple, set);
      }
      return set;
    };
    return { allowed, others: (target) => index.itemsExcept(absolute, target), fns: (target) => index.panicsExcept(absolute, target) };
  }

  openFile(path: string, language: LanguageId, text: string): SourceFile {
    return new SourceFile(path, language, text, this.parsers);
  }

  /** The C analysis of a file's current version, or undefined for other languages or a file without a tree. */
  cAnalysis(file: SourceFile): CFileAnalysis | undefined {
    if ((file.language !== 'c' && file.language !== 'cpp') || !file.tree) return undefined;
    const cached = this.cFiles.get(file);
    if (cached && cached.version === file.version) return cached.analysis;
    const prelude = this.preludeGetter(file);
    const analysis = new CFileAnalysis(file.tree, (text) => this.parsers.parse('c', text), file.syntaxNotes, file.language, prelude, (target) => this.directiveProblems(file, target, prelude),
      prelude && this.fullUnitGetter(file, prelude));
    this.cFiles.set(file, { version: file.version, analysis });
    return analysis;
  }

  /** The Rust analysis of a file's current version, or undefined for other languages or a file without a tree. */
  rustAnalysis(file: SourceFile): RustFileAnalysis | undefined {
    if (file.language !== 'rust' || !file.tree) return undefined;
    const cached = this.rustFiles.get(file);
    if (cached && cached.version === file.version) return cached.analysis;
    const analysis = new RustFileAnalysis(file.tree, file.text, this.crateContext(file.path), (text, start, end) => parseRange(this.parsers, 'rust', text, start, end));
    this.rustFiles.set(file, { version: file.version, analysis });
    return analysis;
  }

  /**
   * A hover. `readTargets: 'read'` answers from the targets already read (always the primary,
   * read now if need be) and says which are still to come: a file including large headers
   * (Python.h) costs ~0.15-0.3 s per target, and a first hover should not wait for all six. The
   * server reads the others afterwards (`readNextTarget`).
   */
  hover(file: SourceFile, offset: number, given: AnalysisConfig, options: { readTargets?: 'all' | 'read' } = {}): HoverResult | undefined {
    const { config, note } = this.forFile(file, given);
    const c = options.readTargets === 'read' ? this.cAnalysis(file) : undefined;
    const [primary, ...others] = config.targets;
    // Targets whose headers are read (the file was only edited since) are read again at once.
    const pending = c && primary ? others.filter((t) => !c.isRead(t) && !this.preludeBuilt(file, t)) : [];
    const targets = pending.length ? config.targets.filter((t) => !pending.includes(t)) : config.targets;
    const hover = this.hoverWith(file, offset, { ...config, targets });
    const notes = [note, pending.length ? `_Still reading the headers for ${pending.map(shortTargetName).join(', ')}: hover again to compare targets._` : undefined].filter((n) => n !== undefined);
    return hover && notes.length ? { ...hover, markdown: `${hover.markdown}\n\n${notes.join('\n\n')}` } : hover;
  }

  /**
   * Reads the configured targets whose headers are not read yet for `file`, the first first, for
   * about `budgetMs` (a target's headers a slice at a time, then the file for it in a step of its
   * own); false when there is nothing left. With no budget given, one whole target per call.
   * Targets whose prelude was built before (the file was only edited since) are left to the hover
   * that needs them: it reads them at once, from the preamble.
   */
  readNextTarget(file: SourceFile, given: AnalysisConfig, budgetMs = Infinity): boolean {
    const c = this.cAnalysis(file);
    if (!c) return false;
    const path = fileSystemPath(file.path);
    const language = file.language === 'cpp' ? 'cpp' : 'c';
    const sliced = this.includes !== undefined && path !== undefined && hasIncludes(file.text);
    for (const target of this.forFile(file, given).config.targets) {
      const id = path === undefined ? '' : jobId(path, target);
      if (c.isRead(target)) {
        this.builtInBackground.delete(id);
        continue;
      }
      if (!sliced) {
        c.engine(target);
        return true;
      }
      if (this.preludeBuilt(file, target)) {
        if (!this.builtInBackground.delete(id)) continue;
        c.engine(target);
        return true;
      }
      if (this.stepPreludeJob(path, file.text, language, target, this.preludeKey(file), budgetMs)) {
        if (budgetMs === Infinity) c.engine(target);
        else this.builtInBackground.add(id);
      }
      return true;
    }
    return false;
  }

  private hoverWith(file: SourceFile, offset: number, config: AnalysisConfig): HoverResult | undefined {
    if (file.problem) return { markdown: `FFI Lens: ${file.problem}`, start: offset, end: offset };
    if (file.language === 'rust') {
      const rust = this.rustAnalysis(file);
      return rust ? hoverRust(rust, offset, config.targets) : undefined;
    }
    const c = this.cAnalysis(file);
    const hover = c ? hoverC(c, offset, config.targets, { byteMap: config.hover.byteMap }) : undefined;
    const primary = config.targets[0];
    const verified = c?.verification && primary ? c.verification.targets.get(primary.triple)?.verified : undefined;
    if (!hover || !verified || !c?.verification) return hover;
    // The hovered name is a record clang agreed on: say so (fields and other hovers stay as they are).
    const name = file.text.slice(hover.start, hover.end);
    const aboutRecord = [`**struct ${name}**`, `**union ${name}**`, `**${name}**`].some((head) => hover.markdown.startsWith(head));
    if (!verified.has(name) || !aboutRecord) return hover;
    return { ...hover, markdown: `${hover.markdown}\n\n✓ verified by clang ${c.verification.clang} (${primary!.triple})` };
  }

  records(file: SourceFile, target: Target): RecordReport[] {
    const rust = this.rustAnalysis(file);
    if (rust) {
      const table = rust.model(target).table;
      return rust.records(target).map(({ decl, layout }) => ({ table, name: decl.name ?? '(anonymous)', kind: decl.kind, line: decl.line, decl, layout }));
    }
    const c = this.cAnalysis(file);
    if (!c) return [];
    const table = c.file(target).table;
    return c.records(target).map(({ decl, layout }) => ({
      table,
      name: decl.name ?? '(anonymous)',
      kind: decl.kind,
      line: decl.line,
      decl,
      layout,
    }));
  }

  /** Every record of the file laid out for every configured target (the layout view and report), or for the primary alone (code lenses show only it). */
  recordLayouts(file: SourceFile, given: AnalysisConfig, which: 'all' | 'primary' = 'all'): RecordView[] {
    const { config } = this.forFile(file, given);
    const c = this.cAnalysis(file);
    return c ? recordViews(c, which === 'primary' ? config.targets.slice(0, 1) : config.targets) : [];
  }

  /** C++: the functions the file's quote-included headers declare with C linkage (none without an include provider). */
  private cppHeaderCNames(file: SourceFile, config: AnalysisConfig): ReadonlySet<string> | undefined {
    const provider = this.includes;
    const path = fileSystemPath(file.path);
    if (file.language !== 'cpp' || !provider || path === undefined || !quoteIncludes(file.text).length) return undefined;
    return cLinkageFromHeaders(path, file.text, provider, config.targets[0]?.triple ?? 'x86_64-unknown-linux-gnu', (text) => this.parsers.parse('cpp', text));
  }

  private cppWorkspace: { provider: IncludeProvider; definers: FunctionDefiners | undefined; functions: CppWorkspaceFunctions } | undefined;
  private functionDefiners: FunctionDefiners | undefined;

  /** C++: where the workspace index finds functions defined (the server sets it; the CLI has no index). */
  setFunctionDefiners(definers: FunctionDefiners | undefined): void {
    this.functionDefiners = definers;
    this.cppOtherFilesOf.clear();
  }

  /** Per file path: the other files' functions, kept while the file's quote includes, the settings and the watched files stay as they are. */
  private readonly cppOtherFilesOf = new Map<string, { key: string; functions: OtherFileFunctions }>();

  /**
   * C++: the functions of the workspace's other files (those defining what the file's headers declare),
   * read through the Workspace. The object is kept across edits that leave the file's `#include "..."`
   * lines alone (a change of another file on disk reaches the host as invalidateIncludes), so the
   * analysis's per-body cache keeps the bodies that call into other files too.
   */
  private cppOtherFiles(file: SourceFile, config: AnalysisConfig): OtherFileFunctions | undefined {
    const provider = this.includes;
    const path = fileSystemPath(file.path);
    if (file.language !== 'cpp' || !provider || !this.workspace || path === undefined || (!quoteIncludes(file.text).length && !this.functionDefiners)) return undefined;
    if (this.cppWorkspace?.provider !== provider || this.cppWorkspace.definers !== this.functionDefiners) {
      this.cppWorkspace = { provider, definers: this.functionDefiners, functions: new CppWorkspaceFunctions(this.workspace, provider, this.parsers, this.functionDefiners) };
    }
    const triple = config.targets[0]?.triple ?? 'x86_64-unknown-linux-gnu';
    const key = `${this.includesGeneration}\n${triple}\n${quoteIncludes(file.text).join('\n')}`;
    const cached = this.cppOtherFilesOf.get(file.path);
    if (cached && cached.key === key) return cached.functions;
    const functions = this.cppWorkspace.functions.forFile(path, file.text, file.path.startsWith('file:'), triple);
    if (this.cppOtherFilesOf.size >= 256) this.cppOtherFilesOf.clear();
    this.cppOtherFilesOf.set(file.path, { key, functions });
    return functions;
  }

  /** Diagnostics with the user's per-check settings applied (disabled codes dropped, severities overridden). */
  diagnostics(file: SourceFile, given: AnalysisConfig, onError?: ErrorSink): Diagnostic[] {
    const { config } = this.forFile(file, given);
    const c = this.cAnalysis(file);
    let cppHeaderCNames: ReadonlySet<string> | undefined;
    try {
      cppHeaderCNames = this.cppHeaderCNames(file, config);
    } catch (e) {
      onError?.('C linkage from included headers', e); // the file is still analysed, alone
    }
    let cppOtherFiles: OtherFileFunctions | undefined;
    try {
      cppOtherFiles = this.cppOtherFiles(file, config);
    } catch (e) {
      onError?.('C++ functions of other workspace files', e);
    }
    const all = collectDiagnostics({ file, c, rust: this.rustAnalysis(file), targets: config.targets, config, cppHeaderCNames, cppOtherFiles }, onError && ((code, e) => onError(`diagnostic ${code}`, e)));
    const out: Diagnostic[] = [];
    for (const d of all) {
      const setting = config.checks[d.code];
      if (setting?.enabled === false) continue;
      out.push(setting?.severity ? { ...d, severity: setting.severity } : d);
    }
    return out;
  }

  /** Generators and refactors available at a selection (fixes come with `diagnostics`). */
  actions(file: SourceFile, start: number, end: number, given: AnalysisConfig, onError?: ErrorSink): Action[] {
    if (!file.tree) return [];
    const { config } = this.forFile(file, given);
    return collectActions({ file, c: this.cAnalysis(file), rust: this.rustAnalysis(file), config, start, end }, onError && ((id, e) => onError(`action ${id}`, e)));
  }

  inlayHints(file: SourceFile, start: number, end: number, given: AnalysisConfig, onError?: ErrorSink): InlayHint[] {
    if (!file.tree) return [];
    const { config } = this.forFile(file, given);
    return collectInlayHints({ file, c: this.cAnalysis(file), config, start, end }, onError && ((id, e) => onError(`inlay hints ${id}`, e)));
  }
}

/** For the differential tests: the records of a C (or, with `language` cpp, C++) text as one target lays them out. */
export async function layoutsOfC(text: string, triple: string, language: 'c' | 'cpp' = 'c'): Promise<Array<{ name: string; layout: LayoutAnswer }>> {
  const target = findTarget(triple);
  if (!target) throw new Error(`unknown target ${triple}`);
  const host = await AnalysisHost.create();
  const file = host.openFile(language === 'c' ? 'input.c' : 'input.cpp', language, text);
  try {
    return host.records(file, target).filter((r) => !r.decl.anonymousMember && r.decl.name !== undefined).map((r) => ({ name: r.name, layout: r.layout }));
  } finally {
    file.dispose();
  }
}
