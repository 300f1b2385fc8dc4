// A file's text and its syntax tree, kept in step by incremental edits:
// each edit is applied to the old tree with tree.edit, and the new tree is
// parsed with the old one so tree-sitter reuses what did not change.
import { Edit, type Tree } from 'web-tree-sitter';
import { LineIndex, type LineCol } from '../base/line-index.ts';
import { normalizeC, type CSyntaxNote, type NormalizedC } from '../syntax/c-normalize.ts';
import { normalizeRust } from '../syntax/rust-normalize.ts';
import type { LanguageId, Parsers } from '../syntax/parser.ts';

const NO_NOTES: ReadonlyMap<number, CSyntaxNote> = new Map();

/** Replace [start, end) of the current text with `text` (UTF-16 offsets). */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The same with line/column positions, as editors send them; each is read against the text the previous edit left. */
export interface PositionEdit {
  readonly start: LineCol;
  readonly end: LineCol;
  readonly text: string;
}

/** Larger files are not parsed: a clear message instead of minutes of work. */
export const MAX_FILE_CHARS = 20 * 1024 * 1024;

export class SourceFile {
  private _text: string;
  private _tree: Tree | null = null;
  private _lines: LineIndex | undefined;
  private _version = 0;
  /** Why there is no tree, for the user. */
  private _problem: string | undefined;
  /** C and C++: the text tree-sitter parsed (same length as the file) and what preparing it removed. */
  private _prepared: NormalizedC | undefined;

  constructor(readonly path: string, readonly language: LanguageId, text: string, private readonly parsers: Parsers) {
    this._text = text;
    this.reparse(undefined);
  }

  get text(): string {
    return this._text;
  }

  get version(): number {
    return this._version;
  }

  get lines(): LineIndex {
    this._lines ??= new LineIndex(this._text);
    return this._lines;
  }

  /** The current tree; null when the file is too large or parsing was abandoned. */
  get tree(): Tree | null {
    return this._tree;
  }

  get problem(): string | undefined {
    return this._problem;
  }

  /** The text the tree was parsed from: for C and C++, with attributes and empty macros blanked (same offsets). */
  get parsedText(): string {
    return (this.language === 'c' || this.language === 'cpp') && this._prepared ? this._prepared.text : this._text;
  }

  /** Attributes and fixed enum types moved out of the parsed text (see syntax/c-normalize.ts). */
  get syntaxNotes(): ReadonlyMap<number, CSyntaxNote> {
    return this._prepared?.notes ?? NO_NOTES;
  }

  setText(text: string): void {
    this._text = text;
    this._lines = undefined;
    this.reparse(undefined);
  }

  /** Applies edits in order (each against the text the previous one produced), then re-parses once. */
  applyEdits(edits: readonly (TextEdit | PositionEdit)[]): void {
    const old = this._tree;
    const preparedBefore = this._prepared?.text;
    let region: { start: number; oldEnd: number; newEnd: number } | undefined;
    for (const e of edits) {
      const before = this.lines;
      const rawStart = typeof e.start === 'number' ? e.start : before.offset(e.start);
      const rawEnd = typeof e.end === 'number' ? e.end : before.offset(e.end);
      const start = Math.max(0, Math.min(rawStart, this._text.length));
      const end = Math.max(start, Math.min(rawEnd, this._text.length));
      const startPos = before.position(start);
      const oldEndPos = before.position(end);
      this._text = this._text.slice(0, start) + e.text + this._text.slice(end);
      this._lines = undefined;
      region = edits.length === 1 ? { start, oldEnd: end, newEnd: start + e.text.length } : undefined;
      if (!old) continue;
      const newEndPos = this.lines.position(start + e.text.length);
      old.edit(new Edit({
        startIndex: start, oldEndIndex: end, newEndIndex: start + e.text.length,
        startPosition: { row: startPos.line, column: startPos.character },
        oldEndPosition: { row: oldEndPos.line, column: oldEndPos.character },
        newEndPosition: { row: newEndPos.line, column: newEndPos.character },
      }));
    }
    this.reparse(old ?? undefined, preparedBefore, region);
  }

  dispose(): void {
    this._tree?.delete();
    this._tree = null;
  }

  /**
   * Re-parses; with an old tree only when the prepared text changed inside the edit alone
   * (preparing can blank text elsewhere, e.g. all uses of a macro just defined empty).
   */
  private reparse(old: Tree | undefined, preparedBefore?: string, region?: { start: number; oldEnd: number; newEnd: number }): void {
    this._version++;
    this._problem = undefined;
    const previous = this._tree;
    this._tree = null;
    if (this._text.length > MAX_FILE_CHARS) {
      this._problem = `file is ${(this._text.length / 1024 / 1024).toFixed(1)} MB; FFI Lens analyses files up to ${MAX_FILE_CHARS / 1024 / 1024} MB`;
    } else {
      let parseText = this._text;
      if (this.language === 'c' || this.language === 'cpp') {
        this._prepared = normalizeC(this._text);
        parseText = this._prepared.text;
        const changedOnlyInEdit = preparedBefore !== undefined && region !== undefined &&
          parseText.slice(0, region.start) === preparedBefore.slice(0, region.start) &&
          parseText.slice(region.newEnd) === preparedBefore.slice(region.oldEnd);
        if (old && !changedOnlyInEdit) old = undefined;
      } else if (this.language === 'rust') {
        parseText = normalizeRust(this._text);
        // A blanked word may sit outside the edit: reuse the old tree only when nothing was blanked.
        if (parseText !== this._text) old = undefined;
      }
      this._tree = this.parsers.parse(this.language, parseText, old);
      if (!this._tree) this._problem = 'parsing took too long and was abandoned';
    }
    previous?.delete();
  }
}
