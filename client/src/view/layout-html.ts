// The "FFI Lens: Show Layout" picture as one HTML page: a tab per target, one
// grid row per alignment word (the target's pointer size), members as labelled
// boxes spanning their bits, padding hatched, bit-fields as narrow boxes inside
// their bytes, dashed lines at cacheline boundaries, a legend and a member table.
// A member that is a struct is a labelled frame around its own members; a union
// is drawn with one lane per member; long runs of words inside one box (a long
// array, a large nested record) are folded into one row that says what it skips.
// Pure (data in, HTML out) so it is tested without an editor. Strict CSP: no
// inline style attributes (positions are classes in one nonce'd <style>), one
// nonce'd script for the tabs and keyboard.
import type { FieldView, HoleView, TargetRecordView, WireRecord } from './protocol.ts';

export interface LayoutPageOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce per page. */
  readonly nonce: string;
  /** The tab shown first (a triple); defaults to the first target. */
  readonly selectedTarget?: string;
}

/** Rows drawn per target after long runs are folded; a record with more distinct rows is cut with a note (the table lists every member). */
const MAX_ROWS = 2048;
/** Lanes drawn for a union (one per member); the rest are listed in the table only. */
const MAX_LANES = 32;
/** A run of at least this many rows inside one box (a long array, a large nested record) is folded into one row. */
const FOLD_RUN = 3;
const COLOURS = 6;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function bytesOrBits(bits: number): string {
  return bits % 8 === 0 ? `${bits / 8}` : `${Math.floor(bits / 8)}:${bits % 8}`;
}

function sizeText(bits: number): string {
  return bits % 8 === 0 ? `${bits / 8} byte${bits === 8 ? '' : 's'}` : `${bits} bit${bits === 1 ? '' : 's'}`;
}

interface Box {
  readonly kind: 'field' | 'hole';
  readonly startBits: number;
  readonly endBits: number;
  readonly label: string;
  readonly detail: string;
  readonly colour: number;
  readonly bitfield: boolean;
  readonly differs: boolean;
  /** Drawn inside a nested record's frame. */
  readonly nested?: boolean;
}

/** The outline of a member that is itself a record, drawn around its own members. */
interface Frame {
  readonly startBits: number;
  readonly endBits: number;
  readonly label: string;
}

/** Splits a span of bits into its pieces per row (a member crossing a word boundary gets one box per row). */
function pieces(startBits: number, endBits: number, rowBits: number): Array<{ row: number; from: number; to: number }> {
  const out: Array<{ row: number; from: number; to: number }> = [];
  let at = startBits;
  while (at < endBits) {
    const row = Math.floor(at / rowBits);
    const to = Math.min(endBits, (row + 1) * rowBits);
    out.push({ row, from: at - row * rowBits, to: to - row * rowBits });
    at = to;
  }
  return out;
}

class StyleSheet {
  private readonly rules = new Map<string, string>();
  /** A class for a grid placement: rows and columns are 1-based, column 1 is the offset gutter. */
  place(row: number, fromCol: number, toCol: number, rowSpan = 1): string {
    const rule = `grid-row:${row}${rowSpan > 1 ? `/span ${rowSpan}` : ''};grid-column:${fromCol}/${toCol}`;
    let name = this.rules.get(rule);
    if (!name) {
      name = `p${this.rules.size}`;
      this.rules.set(rule, name);
    }
    return name;
  }
  css(): string {
    return [...this.rules].map(([rule, name]) => `.${name}{${rule}}`).join('\n');
  }
}

function fieldLabel(f: FieldView, relativeTo = ''): string {
  const name = relativeTo && f.path.startsWith(`${relativeTo}.`) ? f.path.slice(relativeTo.length + 1) : f.path;
  return f.arrayLength !== undefined ? `${name} ×${f.arrayLength}` : name;
}

function fieldBox(f: FieldView, colour: number, relativeTo = '', nested = false): Box {
  const arrayNote = f.arrayLength !== undefined && f.arrayLength > 0 ? `, ${f.arrayLength} elements of ${sizeText(f.sizeBits / f.arrayLength)}` : '';
  return {
    kind: 'field', startBits: f.offsetBits, endBits: f.offsetBits + f.sizeBits, label: fieldLabel(f, relativeTo), colour, nested,
    detail: `${f.declaration} — offset ${bytesOrBits(f.offsetBits)}, ${sizeText(f.sizeBits)}${arrayNote}${f.differs ? ' — differs between targets' : ''}`,
    bitfield: f.bitfield, differs: f.differs,
  };
}

function holeBox(startBits: number, endBits: number, label: string, nested = false): Box {
  return {
    kind: 'hole', startBits, endBits, label, colour: 0, nested,
    detail: `${label} — offset ${bytesOrBits(startBits)}, ${sizeText(endBits - startBits)}`,
    bitfield: false, differs: false,
  };
}

/**
 * The boxes of some members: a member that is a struct with its own members listed is drawn as
 * a labelled frame around those members (one level), with the padding between them; a member
 * that is a union is one box naming its members (they overlap).
 */
function boxesOf(members: readonly FieldView[], all: readonly FieldView[], holes: readonly HoleView[], colourBase = 0): { boxes: Box[]; frames: Frame[] } {
  const boxes: Box[] = [];
  const frames: Frame[] = [];
  // Members of an anonymous union come flattened into the struct, overlapping: one box for them all.
  const overlapping = new Set<FieldView>();
  const sorted = members.filter((f) => f.sizeBits > 0).sort((a, b) => a.offsetBits - b.offsetBits);
  for (let i = 0; i < sorted.length;) {
    let end = sorted[i]!.offsetBits + sorted[i]!.sizeBits;
    let j = i + 1;
    while (j < sorted.length && sorted[j]!.offsetBits < end) end = Math.max(end, sorted[j]!.offsetBits + sorted[j++]!.sizeBits);
    if (j - i > 1) {
      const group = sorted.slice(i, j);
      for (const f of group) overlapping.add(f);
      const start = group[0]!.offsetBits;
      const names = group.map((f) => fieldLabel(f)).join(' | ');
      boxes.push({
        kind: 'field', startBits: start, endBits: end, label: names, colour: (colourBase + members.indexOf(group[0]!)) % COLOURS, nested: true,
        detail: `overlapping members (an anonymous union) — offset ${bytesOrBits(start)}, ${sizeText(end - start)}: ${group.map((f) => `${f.declaration} (${sizeText(f.sizeBits)})`).join(', ')}`,
        bitfield: false, differs: group.some((f) => f.differs),
      });
      frames.push({ startBits: start, endBits: end, label: 'anonymous union' });
    }
    i = j;
  }
  members.forEach((f, i) => {
    if (f.sizeBits === 0 || overlapping.has(f)) return;
    const colour = (colourBase + i) % COLOURS;
    const children = f.aggregate ? all.filter((c) => c.depth === f.depth + 1 && c.path.startsWith(`${f.path}.`) && c.sizeBits > 0) : [];
    if (!children.length) {
      boxes.push(fieldBox(f, colour));
      return;
    }
    const end = f.offsetBits + f.sizeBits;
    frames.push({ startBits: f.offsetBits, endBits: end, label: `${fieldLabel(f)}: ${f.type}` });
    if (f.aggregate === 'union') {
      const names = children.map((c) => fieldLabel(c, f.path)).join(' | ');
      boxes.push({ ...fieldBox(f, colour), label: `${fieldLabel(f)}: ${names}`, nested: true, detail: `${f.declaration} — offset ${bytesOrBits(f.offsetBits)}, ${sizeText(f.sizeBits)}; members overlapping from its start: ${names}` });
      return;
    }
    let at = f.offsetBits;
    for (const c of [...children].sort((x, y) => x.offsetBits - y.offsetBits)) {
      if (c.offsetBits > at) boxes.push(holeBox(at, c.offsetBits, 'padding', true));
      boxes.push(fieldBox(c, colour, f.path, true));
      at = Math.max(at, c.offsetBits + c.sizeBits);
    }
    if (at < end) boxes.push(holeBox(at, end, 'tail padding', true));
  });
  for (const h of holes) boxes.push(holeBox(h.startBits, h.endBits, h.tail ? 'tail padding' : 'padding'));
  return { boxes: boxes.sort((a, b) => a.startBits - b.startBits), frames };
}

/** A row of the picture: a word of the record, or a folded run of words inside one box per lane. */
type DrawnRow = { readonly word: number } | { readonly from: number; readonly to: number; readonly label: string };

/**
 * Which words are drawn: a run of FOLD_RUN or more words that lie, in every lane, strictly inside
 * one box (not its first or last word) is one row saying what it skips.
 */
function drawnRows(lanes: ReadonlyArray<readonly Box[]>, words: number, rowBits: number): DrawnRow[] {
  // Words are asked in increasing order: one cursor per lane over its boxes (sorted, not overlapping).
  const cursors = lanes.map(() => 0);
  const inside = (word: number): string | undefined => {
    const keys: number[] = [];
    for (let l = 0; l < lanes.length; l++) {
      const boxes = lanes[l]!;
      while (cursors[l]! < boxes.length && boxes[cursors[l]!]!.endBits <= word * rowBits) cursors[l]!++;
      const b = boxes[cursors[l]!];
      if (!b || b.startBits >= word * rowBits || b.endBits <= (word + 1) * rowBits) return undefined;
      keys.push(cursors[l]!);
    }
    return keys.join(',');
  };
  const rows: DrawnRow[] = [];
  for (let w = 0; w < words;) {
    const key = inside(w);
    let run = 1;
    while (key !== undefined && w + run < words && inside(w + run) === key) run++;
    if (key !== undefined && run >= FOLD_RUN) {
      const indices = key.split(',').map(Number);
      const names = [...new Set(lanes.map((boxes, l) => boxes[indices[l]!]!.label))].join(', ');
      rows.push({ from: w, to: w + run, label: `⋮ ${names} continues: bytes ${(w * rowBits) / 8}–${((w + run) * rowBits) / 8 - 1} (${run} rows folded)` });
    } else {
      for (let i = 0; i < run; i++) rows.push({ word: w + i });
    }
    w += run;
  }
  return rows;
}

/**
 * One grid for a set of lanes of boxes: a struct is one lane; a union has one lane per member,
 * all starting at offset 0, so the members are seen overlapping word by word.
 */
function grid(t: TargetRecordView, lanes: ReadonlyArray<{ boxes: readonly Box[]; frames: readonly Frame[] }>, sizeBytes: number, sheet: StyleSheet, caption: string, laneNames?: readonly string[]): string {
  const rowBits = t.wordBytes * 8;
  const words = Math.max(1, Math.ceil(sizeBytes / t.wordBytes));
  const all = drawnRows(lanes.map((l) => l.boxes), words, rowBits);
  const rows = all.slice(0, MAX_ROWS);
  const n = lanes.length;
  const cells: string[] = [];
  const gridRowOf = new Map<number, number>();
  rows.forEach((r, i) => {
    const gridRow = i * n + 1;
    if ('word' in r) {
      gridRowOf.set(r.word, gridRow);
      const byte = r.word * t.wordBytes;
      const boundary = byte > 0 && byte % t.cachelineBytes === 0;
      cells.push(`<div class="off ${sheet.place(gridRow, 1, 2, n)}${boundary ? ' cl' : ''}" aria-hidden="true">${byte}</div>`);
      if (boundary) cells.push(`<div class="clline ${sheet.place(gridRow, 2, rowBits + 2)}" role="separator" aria-label="cacheline ${byte / t.cachelineBytes} starts at byte ${byte}"><span>cacheline ${byte / t.cachelineBytes}</span></div>`);
    } else {
      const fromByte = r.from * t.wordBytes;
      const toByte = r.to * t.wordBytes;
      const crossed = Math.floor((toByte - 1) / t.cachelineBytes) - Math.floor((fromByte - 1) / t.cachelineBytes);
      const note = crossed > 0 ? `; ${crossed} cacheline boundar${crossed === 1 ? 'y' : 'ies'} inside` : '';
      cells.push(`<div class="off ${sheet.place(gridRow, 1, 2, n)}" aria-hidden="true">${fromByte}</div>`);
      cells.push(`<div class="fold ${sheet.place(gridRow, 2, rowBits + 2, n)}" tabindex="0" role="note">${escapeHtml(r.label + note)}</div>`);
    }
  });
  lanes.forEach((lane, laneIndex) => {
    const at = (row: number) => gridRowOf.get(row) !== undefined ? gridRowOf.get(row)! + laneIndex : undefined;
    for (const b of lane.boxes) {
      for (const p of pieces(b.startBits, b.endBits, rowBits)) {
        const row = at(p.row);
        if (row === undefined) continue;
        const cls = [b.kind === 'hole' ? 'hole' : `field c${b.colour}`, b.bitfield ? 'bits' : '', b.differs ? 'diff' : '', b.nested ? 'nested' : '', sheet.place(row, p.from + 2, p.to + 2)].filter(Boolean).join(' ');
        const first = p.row === Math.floor(b.startBits / rowBits);
        const lanePrefix = laneNames && first && b.startBits === 0 ? `<span class="lane">${escapeHtml(laneNames[laneIndex]!)}</span>` : '';
        const text = first ? `${lanePrefix}<span class="name">${escapeHtml(b.label)}${b.differs ? ' ≠' : ''}</span><span class="at">${bytesOrBits(b.startBits)}</span>` : `<span class="name cont">${escapeHtml(b.label)} …</span>`;
        cells.push(`<div class="${cls}" tabindex="0" role="img" aria-label="${escapeHtml(b.detail)}" title="${escapeHtml(b.detail)}">${text}</div>`);
      }
    }
    for (const f of lane.frames) {
      for (const p of pieces(f.startBits, f.endBits, rowBits)) {
        const row = at(p.row);
        if (row === undefined) continue;
        const first = p.row === Math.floor(f.startBits / rowBits);
        cells.push(`<div class="frame ${sheet.place(row, p.from + 2, p.to + 2)}" aria-hidden="true">${first ? `<span>${escapeHtml(f.label)}</span>` : ''}</div>`);
      }
    }
  });
  const more = all.length > rows.length ? `<p class="note">${all.length - rows.length} more rows not drawn; the table below lists every member.</p>` : '';
  return `<figure class="record"><figcaption>${escapeHtml(caption)}</figcaption><div class="grid w${t.wordBytes}" role="group" aria-label="${escapeHtml(caption)}">${cells.join('')}</div>${more}</figure>`;
}

function memberTable(t: TargetRecordView): string {
  const rows = t.fields.map((f) => `<tr class="${f.differs ? 'diff' : ''}"><td class="num">${bytesOrBits(f.offsetBits)}</td><td class="num">${f.bitfield ? `${f.sizeBits} bits` : f.sizeBits / 8}</td><td><code>${'&nbsp;&nbsp;'.repeat(f.depth)}${escapeHtml(f.declaration)}</code>${f.differs ? ' <span class="badge">differs</span>' : ''}</td></tr>`);
  for (const h of t.holes) rows.push(`<tr class="padrow"><td class="num">${bytesOrBits(h.startBits)}</td><td class="num">${sizeText(h.endBits - h.startBits)}</td><td><em>${h.tail ? 'tail padding' : 'padding'}</em></td></tr>`);
  return `<table class="members"><caption>Members on ${escapeHtml(t.label)}</caption><thead><tr><th scope="col">offset</th><th scope="col">size</th><th scope="col">member</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function panel(record: WireRecord, t: TargetRecordView, index: number, selected: boolean, sheet: StyleSheet): string {
  const head = t.size === undefined
    ? `<p class="unknown">Layout unknown on ${escapeHtml(t.target)}: ${escapeHtml(t.unknown ?? '')}</p>`
    : `<p class="summary" id="summary-${index}"><strong>${escapeHtml(record.title)}</strong> on <strong>${escapeHtml(t.target)}</strong>: size <strong>${t.size}</strong>, align <strong>${t.align}</strong>, ${t.holes.length ? `padding ${sizeText(t.holes.reduce((n, h) => n + h.endBits - h.startBits, 0))}` : 'no padding'}${t.differs ? ' <span class="badge">differs</span>' : ''}</p>`;
  let pictures = '';
  if (t.size !== undefined) {
    const direct = t.fields.filter((f) => f.depth === 0);
    if (record.kind === 'union') {
      // Every member starts at 0: one lane per member, word by word, so they are seen overlapping.
      const shown = direct.slice(0, MAX_LANES);
      const lanes = shown.map((f, i) => {
        const tail = f.offsetBits + f.sizeBits < t.size! * 8 ? [{ startBits: f.offsetBits + f.sizeBits, endBits: t.size! * 8, tail: true }] : [];
        return boxesOf([f], t.fields, tail, i);
      });
      pictures = grid(t, lanes, t.size, sheet, `${record.title} on ${t.label}: one lane per member, all from offset 0`, shown.map((f) => `lane ${f.path}`));
      if (direct.length > shown.length) pictures += `<p class="note">${direct.length - shown.length} more members not drawn; the table below lists every member.</p>`;
    } else {
      pictures = grid(t, [boxesOf(direct, t.fields, t.holes)], t.size, sheet, `${record.title} on ${t.label}, ${t.wordBytes}-byte words`);
    }
    pictures += memberTable(t);
  }
  return `<section id="panel-${index}" role="tabpanel" aria-labelledby="tab-${index}" tabindex="0"${selected ? '' : ' hidden'}>${head}${pictures}</section>`;
}

const LEGEND = `<ul class="legend" aria-label="Legend">
<li><span class="swatch field c0"></span>member (name, offset; colours only tell neighbours apart)</li>
<li><span class="swatch field bits"></span>bit-field (dotted border)</li>
<li><span class="swatch hole"></span>padding</li>
<li><span class="swatch field diff"></span>differs between targets (≠, heavy border)</li>
<li><span class="swatch clsw"></span>cacheline boundary</li>
<li><span class="swatch frame"></span>nested record (its members inside)</li>
</ul>`;

const STYLE = `
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);background:var(--vscode-editor-background);padding:0 12px}
h1{font-size:1.2em;margin:.6em 0}
[role=tablist]{display:flex;gap:2px;border-bottom:1px solid var(--vscode-panel-border,var(--vscode-contrastBorder,#888));flex-wrap:wrap}
[role=tab]{background:none;border:1px solid transparent;border-bottom:none;color:var(--vscode-foreground);padding:4px 10px;cursor:pointer;font:inherit}
[role=tab][aria-selected=true]{border-color:var(--vscode-panel-border,var(--vscode-contrastBorder,#888));background:var(--vscode-tab-activeBackground,transparent);font-weight:bold}
[role=tab].differs::after{content:" ≠";color:var(--vscode-editorWarning-foreground,#c80)}
:focus-visible{outline:2px solid var(--vscode-focusBorder);outline-offset:1px}
.grid{display:grid;gap:1px;margin:6px 0;font-size:11px}
.w4{grid-template-columns:3.5em repeat(32,minmax(6px,1fr))}
.w8{grid-template-columns:3.5em repeat(64,minmax(4px,1fr))}
.w2{grid-template-columns:3.5em repeat(16,minmax(10px,1fr))}
.off{color:var(--vscode-descriptionForeground);text-align:right;padding-right:6px;font-family:var(--vscode-editor-font-family);line-height:32px}
.field,.hole{min-height:32px;overflow:hidden;white-space:nowrap;border:1px solid var(--vscode-editor-foreground);border-radius:2px;padding:1px 3px;box-sizing:border-box;display:flex;flex-direction:column;justify-content:center;color:var(--vscode-editor-foreground)}
.name{font-weight:600;overflow:hidden;text-overflow:ellipsis}.cont{font-weight:normal;opacity:.8}
.at{font-family:var(--vscode-editor-font-family);opacity:.85}
.c0{background:color-mix(in srgb,var(--vscode-charts-blue,#37f) 35%,transparent)}
.c1{background:color-mix(in srgb,var(--vscode-charts-green,#3a3) 35%,transparent)}
.c2{background:color-mix(in srgb,var(--vscode-charts-orange,#f80) 35%,transparent)}
.c3{background:color-mix(in srgb,var(--vscode-charts-purple,#a3f) 35%,transparent)}
.c4{background:color-mix(in srgb,var(--vscode-charts-yellow,#dc0) 35%,transparent)}
.c5{background:color-mix(in srgb,var(--vscode-charts-red,#e33) 35%,transparent)}
.bits{border-style:dotted;font-size:10px}
.nested{margin:14px 3px 3px;min-height:20px}
.frame{border:2px solid var(--vscode-editor-foreground);border-radius:4px;pointer-events:none;position:relative;z-index:2;min-height:32px}
.frame span{position:absolute;top:0;left:4px;font-size:9px;line-height:12px;white-space:nowrap;color:var(--vscode-descriptionForeground)}
.lane{font-size:9px;opacity:.75}
.fold{text-align:center;font-style:italic;color:var(--vscode-descriptionForeground);border:1px dashed var(--vscode-descriptionForeground);padding:2px;line-height:20px}
.hole{border-style:dashed;background:repeating-linear-gradient(135deg,transparent 0 4px,color-mix(in srgb,var(--vscode-editor-foreground) 30%,transparent) 4px 5px);color:var(--vscode-descriptionForeground)}
.diff{outline:3px solid var(--vscode-editorWarning-foreground,#c80);outline-offset:-3px}
tr.diff td{background:color-mix(in srgb,var(--vscode-editorWarning-foreground,#c80) 20%,transparent)}
.clline{border-top:2px dashed var(--vscode-editorError-foreground,#e33);height:0;align-self:start;position:relative;z-index:1}
.clline span{position:absolute;right:0;top:-1.3em;font-size:10px;color:var(--vscode-editorError-foreground,#e33)}
.legend{display:flex;gap:14px;flex-wrap:wrap;list-style:none;padding:0;margin:8px 0}
.legend li{display:flex;align-items:center;gap:4px}
.swatch{display:inline-block;width:22px;height:14px;min-height:0;padding:0}
.clsw{border-top:2px dashed var(--vscode-editorError-foreground,#e33);height:0}
.badge{font-size:10px;border:1px solid var(--vscode-editorWarning-foreground,#c80);color:var(--vscode-editorWarning-foreground,#c80);border-radius:3px;padding:0 3px}
table.members{border-collapse:collapse;margin:10px 0}
table.members caption{text-align:left;font-weight:600;padding:4px 0}
table.members td,table.members th{padding:2px 8px;border-bottom:1px solid var(--vscode-panel-border,#8884)}
td.num{text-align:right;font-family:var(--vscode-editor-font-family)}
.padrow{color:var(--vscode-descriptionForeground)}
figure{margin:8px 0}figcaption{color:var(--vscode-descriptionForeground)}
body.vscode-high-contrast .field,body.vscode-high-contrast .hole{border-color:var(--vscode-contrastBorder);border-width:2px}
body.vscode-high-contrast .field{background:none}
`;

const SCRIPT = `
const vscode = acquireVsCodeApi();
const tabs = [...document.querySelectorAll('[role=tab]')];
function select(i, focus) {
  tabs.forEach((t, j) => {
    const on = i === j;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    document.getElementById(t.getAttribute('aria-controls')).hidden = !on;
  });
  if (focus) tabs[i].focus();
  vscode.postMessage({ type: 'selectTarget', target: tabs[i].dataset.target });
}
tabs.forEach((t, i) => {
  t.addEventListener('click', () => select(i, false));
  t.addEventListener('keydown', (e) => {
    const n = tabs.length;
    const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i + n - 1) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (to >= 0) { e.preventDefault(); select(to, true); }
  });
});
`;

/** The whole page for one record; `record` undefined: the file has no record at the cursor. */
export function layoutPage(record: WireRecord | undefined, options: LayoutPageOptions, emptyMessage = 'No record here.'): string {
  const csp = `default-src 'none'; style-src ${options.cspSource} 'nonce-${options.nonce}'; script-src 'nonce-${options.nonce}'; img-src ${options.cspSource};`;
  const sheet = new StyleSheet();
  let body: string;
  if (!record || record.targets.length === 0) {
    body = `<p id="empty">${escapeHtml(emptyMessage)}</p>`;
  } else {
    const selected = Math.max(0, record.targets.findIndex((t) => t.target === options.selectedTarget));
    const tabs = record.targets.map((t, i) => `<button role="tab" id="tab-${i}" aria-controls="panel-${i}" aria-selected="${i === selected}" tabindex="${i === selected ? 0 : -1}" data-target="${escapeHtml(t.target)}" class="${t.differs ? 'differs' : ''}" title="${escapeHtml(t.target)}${t.differs ? ' (differs from the others)' : ''}">${escapeHtml(t.label)}</button>`).join('');
    const panels = record.targets.map((t, i) => panel(record, t, i, i === selected, sheet)).join('');
    body = `<h1 id="title">${escapeHtml(record.title)}</h1><div role="tablist" aria-label="Targets">${tabs}</div>${panels}${LEGEND}`;
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${options.nonce}">${STYLE}
${sheet.css()}</style>
<title>${escapeHtml(record?.title ?? 'FFI Lens layout')}</title></head>
<body>${body}<script nonce="${options.nonce}">${SCRIPT}</script></body></html>`;
}
