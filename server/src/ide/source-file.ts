// A file's text and its syntax tree, kept in step by incremental edits:
// each edit is applied to the old tree with tree.edit, and the new tree is
// parsed with the old one so tree-sitter reuses what did not change.
import { Edit, type Tree } from 'web-tree-sitter';
import { LineIndex, type LineCol } from '../base/line-index.ts';
import type { LanguageId, Parsers } from '../syntax/parser.ts';

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

  setText(text: string): void {
    this._text = text;
    this._lines = undefined;
    this.reparse(undefined);
  }

  /** Applies edits in order (each against the text the previous one produced), then re-parses once. */
  applyEdits(edits: readonly (TextEdit | PositionEdit)[]): void {
    const old = this._tree;
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
      if (!old) continue;
      const newEndPos = this.lines.position(start + e.text.length);
      old.edit(new Edit({
        startIndex: start, oldEndIndex: end, newEndIndex: start + e.text.length,
        startPosition: { row: startPos.line, column: startPos.character },
        oldEndPosition: { row: oldEndPos.line, column: oldEndPos.character },
        newEndPosition: { row: newEndPos.line, column: newEndPos.character },
      }));
    }
    this.reparse(old ?? undefined);
  }

  dispose(): void {
    this._tree?.delete();
    this._tree = null;
  }

  private reparse(old: Tree | undefined): void {
    this._version++;
    this._problem = undefined;
    const previous = this._tree;
    this._tree = null;
    if (this._text.length > MAX_FILE_CHARS) {
      this._problem = `file is ${(this._text.length / 1024 / 1024).toFixed(1)} MB; FFI Lens analyses files up to ${MAX_FILE_CHARS / 1024 / 1024} MB`;
    } else {
      this._tree = this.parsers.parse(this.language, this._text, old);
      if (!this._tree) this._problem = 'parsing took too long and was abandoned';
    }
    previous?.delete();
  }
}
