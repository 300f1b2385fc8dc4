// The "FFI Lens: Show Layout" picture as one HTML page: a tab per target, one
// grid row per alignment word (the target's pointer size), members as labelled
// boxes spanning their bits, padding hatched, bit-fields as narrow boxes inside
// their bytes, dashed lines at cacheline boundaries, a legend and a member table.
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

/** Rows drawn per target; a larger record is cut with a note (the table still lists every member). */
const MAX_ROWS = 256;
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
  place(row: number, fromCol: number, toCol: number): string {
    const rule = `grid-row:${row};grid-column:${fromCol}/${toCol}`;
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

function boxesOf(t: TargetRecordView, fields: readonly FieldView[], holes: readonly HoleView[]): Box[] {
  const boxes: Box[] = [];
  fields.forEach((f, i) => {
    if (f.sizeBits === 0) return;
    boxes.push({
      kind: 'field', startBits: f.offsetBits, endBits: f.offsetBits + f.sizeBits, label: f.path, colour: i % COLOURS,
      detail: `${f.declaration} — offset ${bytesOrBits(f.offsetBits)}, ${sizeText(f.sizeBits)}${f.differs ? ' — differs between targets' : ''}`,
      bitfield: f.bitfield, differs: f.differs,
    });
  });
  for (const h of holes) {
    boxes.push({
      kind: 'hole', startBits: h.startBits, endBits: h.endBits, label: h.tail ? 'tail padding' : 'padding', colour: 0,
      detail: `${h.tail ? 'tail padding' : 'padding'} — offset ${bytesOrBits(h.startBits)}, ${sizeText(h.endBits - h.startBits)}`,
      bitfield: false, differs: false,
    });
  }
  void t;
  return boxes.sort((a, b) => a.startBits - b.startBits);
}

/** One grid of rows for a set of boxes (a struct, or one member of a union). */
function grid(t: TargetRecordView, boxes: readonly Box[], sizeBytes: number, sheet: StyleSheet, caption: string): string {
  const rowBits = t.wordBytes * 8;
  const rows = Math.max(1, Math.ceil(sizeBytes / t.wordBytes));
  const shownRows = Math.min(rows, MAX_ROWS);
  const cells: string[] = [];
  for (let r = 0; r < shownRows; r++) {
    const byte = r * t.wordBytes;
    const boundary = byte > 0 && byte % t.cachelineBytes === 0;
    cells.push(`<div class="off ${sheet.place(r + 1, 1, 2)}${boundary ? ' cl' : ''}" aria-hidden="true">${byte}</div>`);
    if (boundary) cells.push(`<div class="clline ${sheet.place(r + 1, 2, rowBits + 2)}" role="separator" aria-label="cacheline ${byte / t.cachelineBytes} starts at byte ${byte}"><span>cacheline ${byte / t.cachelineBytes}</span></div>`);
  }
  for (const b of boxes) {
    for (const p of pieces(b.startBits, b.endBits, rowBits)) {
      if (p.row >= shownRows) break;
      const cls = [b.kind === 'hole' ? 'hole' : `field c${b.colour}`, b.bitfield ? 'bits' : '', b.differs ? 'diff' : '', sheet.place(p.row + 1, p.from + 2, p.to + 2)].filter(Boolean).join(' ');
      const first = p.row === Math.floor(b.startBits / rowBits);
      const text = first ? `<span class="name">${escapeHtml(b.label)}${b.differs ? ' ≠' : ''}</span><span class="at">${bytesOrBits(b.startBits)}</span>` : `<span class="name cont">${escapeHtml(b.label)} …</span>`;
      cells.push(`<div class="${cls}" tabindex="0" role="img" aria-label="${escapeHtml(b.detail)}" title="${escapeHtml(b.detail)}">${text}</div>`);
    }
  }
  const more = rows > shownRows ? `<p class="note">${rows - shownRows} more rows not drawn; the table below lists every member.</p>` : '';
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
      // Every member starts at 0: one picture per member, each with the tail it leaves.
      pictures = direct.map((f, i) => {
        const tail = f.offsetBits + f.sizeBits < t.size! * 8 ? [{ startBits: f.offsetBits + f.sizeBits, endBits: t.size! * 8, tail: true }] : [];
        return grid(t, boxesOf(t, [{ ...f }], tail).map((b) => (b.kind === 'field' ? { ...b, colour: i % COLOURS } : b)), t.size!, sheet, `member ${f.path}`);
      }).join('');
    } else {
      pictures = grid(t, boxesOf(t, direct, t.holes), t.size, sheet, `${record.title} on ${t.label}, ${t.wordBytes}-byte words`);
    }
    pictures += memberTable(t);
  }
  return `<section id="panel-${index}" role="tabpanel" aria-labelledby="tab-${index}" tabindex="0"${selected ? '' : ' hidden'}>${head}${pictures}</section>`;
}

const LEGEND = `<ul class="legend" aria-label="Legend">
<li><span class="swatch field c0"></span>member (name, offset)</li>
<li><span class="swatch field c1 bits"></span>bit-field</li>
<li><span class="swatch hole"></span>padding</li>
<li><span class="swatch field c2 diff"></span>differs between targets (≠)</li>
<li><span class="swatch clsw"></span>cacheline boundary</li>
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
