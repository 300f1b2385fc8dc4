// The client's pure views, fed with the server's real layout data for a file:
// the layout report (pahole-like text) and the layout view's HTML.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AnalysisHost, DEFAULT_CONFIG, parseSettings, type AnalysisConfig } from '../../server/src/ide/analysis.ts';
import { escapeHtml, layoutPage } from '../../client/src/view/layout-html.ts';
import type { LayoutsResult } from '../../client/src/view/protocol.ts';
import { layoutReport } from '../../client/src/view/report.ts';

const TEXT = `struct sample { char tag; int count; char flag; double value; };
struct flags { unsigned char version : 3; unsigned char urgent : 1; unsigned short channel : 9; };
union u { char c; double d; };
struct big { char a; char pad[100]; long long z; };
struct wide { long long a, b, c, d, e, f, g, h, i; };
struct point { char tag; int x; };
struct outer { char kind; struct point at; union { int i; float f; } v; };
union wire { char bytes[20]; struct point p; double d; };
struct huge { int head; char buf[1000000]; int tail; };
struct longs { long a, b, c, d, e, f, g, h, i, j; };
struct tagged { char kind; union { unsigned char bytes[16]; unsigned int words[4]; }; };
`;

let host: AnalysisHost;
before(async () => {
  host = await AnalysisHost.create();
});

function layouts(config: AnalysisConfig = DEFAULT_CONFIG, text = TEXT): LayoutsResult {
  const file = host.openFile('v.c', 'c', text);
  try {
    const records = host.recordLayouts(file, config).map((r) => ({ ...r, range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: 1 } }, namePosition: { line: r.line, character: 7 } }));
    return { uri: 'file:///v.c', version: 1, primary: config.targets[0]!.triple, records };
  } finally {
    file.dispose();
  }
}

describe('layout report', () => {
  it('lists members with offset and size, holes, padding and totals like pahole', () => {
    const text = layoutReport(layouts(), 'v.c');
    const sample = text.slice(text.indexOf('struct sample {'), text.indexOf('};', text.indexOf('struct sample {')) + 2);
    const rows = sample.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    assert.deepEqual(rows, [
      'struct sample {',
      'char tag; /* 0 1 */',
      '',
      '/* XXX 3 bytes hole, try to pack */',
      '',
      'int count; /* 4 4 */',
      'char flag; /* 8 1 */',
      '',
      '/* XXX 7 bytes hole, try to pack */',
      '',
      'double value; /* 16 8 */ /* differs on other targets */',
      '',
      '/* size: 24, align: 8, cachelines: 1, members: 4 */',
      '/* sum members: 14, holes: 2, sum holes: 10 */',
      '/* last cacheline: 24 bytes */',
      '};',
    ]);
    assert.match(text, /^\/\* differs on i686: size 20, align 4 \(value@12\) \*\/$/m);
    assert.match(text, /struct flags \{[\s\S]*?\};\n\/\* differs on win64: size 4, align 2 \(channel@2\) \*\//);
    assert.match(text, /^\/\* target: x86_64-unknown-linux-gnu \*\/$/m);
  });

  it('spells bit-fields as byte:bit and width, a union by its widest member, and cacheline boundaries', () => {
    const text = layoutReport(layouts(), 'v.c');
    assert.match(text, /unsigned short channel : 9; +\/\* +0:4 +9b \*\//);
    assert.match(text, /sum members: 13 bits, holes: 0, sum holes: 0 \*\/\n\t\/\* padding: 3 bits \*\//, 'struct flags: 13 bits used, 3 bits of tail padding');
    assert.match(text, /union u \{[\s\S]*?sum members: 8, holes: 0/);
    assert.match(text, /char pad\[100\];[^\n]*\n\n\t\/\* XXX 3 bytes hole, try to pack \*\/\n\n\t\/\* --- cacheline 1 boundary \(64 bytes\) was 40 bytes ago --- \*\/\n\tlong long z; +\/\* +104 +8 \*\//);
    assert.match(text, /size: 112, align: 8, cachelines: 2/);
  });

  it('with allTargets, lists each other target\'s layout of the records that differ there', () => {
    const text = layoutReport(layouts(), 'v.c', { allTargets: true });
    assert.match(text, /^\/\* every target: x86_64-unknown-linux-gnu, i686-unknown-linux-gnu, aarch64-unknown-linux-gnu, x86_64-pc-windows-msvc, armv7-unknown-linux-gnueabihf, powerpc-unknown-linux-gnu/m);
    const sample = text.slice(text.indexOf('/* v.c:1 */'), text.indexOf('/* v.c:2 */'));
    // struct sample differs on i686 (value at 12, size 20): its full body for i686, none for aarch64 (same as x86-64).
    assert.match(sample, /\/\* on i686-unknown-linux-gnu \(i686\) \*\/\nstruct sample \{[\s\S]*?double value; +\/\* +12 +8 \*\/[\s\S]*?size: 20, align: 4, cachelines: 1, members: 4/);
    assert.doesNotMatch(sample, /on aarch64-unknown-linux-gnu/);
    // The cacheline is the target's own: struct longs (40 bytes on ppc32) crosses a 32-byte cacheline there.
    const longs = text.slice(text.indexOf('struct longs {'));
    assert.match(longs, /on powerpc-unknown-linux-gnu \(ppc32be\) \*\/\nstruct longs \{[\s\S]*?cacheline 1 boundary \(32 bytes\) --- \*\/\n\tlong i;[\s\S]*?size: 40, align: 4, cachelines: 2, members: 10/);
    // Without the option the report is the primary target's alone.
    assert.doesNotMatch(layoutReport(layouts(), 'v.c'), /\/\* on i686/);
  });

  it('uses the primary target of the configuration', () => {
    const { config } = parseSettings({ target: 'i686-unknown-linux-gnu' });
    const text = layoutReport(layouts(config), 'v.c');
    assert.match(text, /target: i686-unknown-linux-gnu/);
    assert.match(text, /struct sample \{[\s\S]*?double value; +\/\* +12 +8 \*\/[\s\S]*?size: 20, align: 4/);
  });
});

describe('layout view HTML', () => {
  let result: LayoutsResult;
  let sample: LayoutsResult['records'][number];
  let page: string;
  before(() => {
    result = layouts();
    sample = result.records[0]!;
    page = layoutPage(sample, { cspSource: 'vscode-webview://x', nonce: 'N0nce' });
  });

  it('has a strict CSP: no inline style attributes, scripts only with the nonce', () => {
    assert.match(page, /content="default-src 'none'; style-src vscode-webview:\/\/x 'nonce-N0nce'; script-src 'nonce-N0nce';/);
    assert.doesNotMatch(page, /\sstyle="/);
    assert.equal([...page.matchAll(/<script/g)].length, 1);
    assert.match(page, /<script nonce="N0nce">/);
    assert.doesNotMatch(page, /\son(click|load|keydown)=/);
  });

  it('has a tab per target, the primary selected, and a panel each', () => {
    const tabs = [...page.matchAll(/<button role="tab" id="tab-(\d)" aria-controls="panel-\d" aria-selected="(true|false)"[^>]*>([^<]+)</g)].map((m) => [m[2], m[3]]);
    assert.deepEqual(tabs, [['true', 'x86-64'], ['false', 'i686'], ['false', 'aarch64'], ['false', 'win64'], ['false', 'armv7'], ['false', 'ppc32be']]);
    assert.equal([...page.matchAll(/role="tabpanel"/g)].length, 6);
    assert.equal([...page.matchAll(/role="tabpanel"[^>]* hidden>/g)].length, 5);
  });

  it('draws members as labelled, focusable boxes with offsets, padding hatched, rows per word', () => {
    const x86 = page.slice(page.indexOf('id="panel-0"'), page.indexOf('id="panel-1"'));
    const boxes = [...x86.matchAll(/<div class="(field c\d|hole)[^"]*" tabindex="0" role="img" aria-label="([^"]+)"/g)].map((m) => m[2]);
    assert.deepEqual(boxes, [
      'char tag — offset 0, 1 byte',
      'padding — offset 1, 3 bytes',
      'int count — offset 4, 4 bytes',
      'char flag — offset 8, 1 byte',
      'padding — offset 9, 7 bytes',
      'double value — offset 16, 8 bytes — differs between targets',
    ]);
    // 8-byte words on x86-64: three rows with offsets 0, 8, 16.
    assert.deepEqual([...x86.matchAll(/<div class="off [^"]*" aria-hidden="true">(\d+)</g)].map((m) => m[1]), ['0', '8', '16']);
    // 4-byte words on i686: `value` crosses a row and is drawn in two pieces.
    const i686 = page.slice(page.indexOf('id="panel-1"'), page.indexOf('id="panel-2"'));
    assert.equal([...i686.matchAll(/<span class="name cont">value …/g)].length, 1);
    assert.match(page, /\.hole\{[^}]*repeating-linear-gradient/);
  });

  it('subdivides bytes for bit-fields and marks cacheline boundaries', () => {
    const flags = layoutPage(result.records[1]!, { cspSource: 'c', nonce: 'n' });
    assert.match(flags, /class="field c1 bits p\d+"[^>]*aria-label="unsigned char urgent : 1 — offset 0:3, 1 bit"/);
    const wide = layoutPage(result.records.find((r) => r.name === 'wide')!, { cspSource: 'c', nonce: 'n' });
    assert.match(wide, /role="separator" aria-label="cacheline 1 starts at byte 64"/);
    // The cacheline is the target's own (32 bytes on 32-bit PowerPC): the ppc32 panel marks byte 32.
    const ppc = wide.slice(wide.indexOf('id="panel-5"'));
    assert.match(ppc, /aria-label="cacheline 1 starts at byte 32"/);
    assert.doesNotMatch(wide.slice(wide.indexOf('id="panel-0"'), wide.indexOf('id="panel-1"')), /starts at byte 32"/);
  });

  it('folds the rows inside a long array into one row saying what it skips and which cachelines it crosses', () => {
    const big = layoutPage(result.records.find((r) => r.name === 'big')!, { cspSource: 'c', nonce: 'n' });
    const x86 = big.slice(big.indexOf('id="panel-0"'), big.indexOf('id="panel-1"'));
    // pad (bytes 1-100) covers words 1..11 whole: one folded row; words 0, 12 and 13 are drawn.
    assert.deepEqual([...x86.matchAll(/<div class="off [^"]*" aria-hidden="true">(\d+)</g)].map((m) => m[1]), ['0', '8', '96', '104']);
    assert.match(x86, /role="note">⋮ pad ×100 continues: bytes 8–95 \(11 rows folded\); 1 cacheline boundary inside</);
    assert.match(x86, /aria-label="char pad\[100\] — offset 1, 100 bytes, 100 elements of 1 byte"/);
    // A megabyte array is a handful of rows, not 125 000 (the old picture stopped at 256 rows).
    const huge = layoutPage(result.records.find((r) => r.name === 'huge')!, { cspSource: 'c', nonce: 'n' });
    const hugeX86 = huge.slice(huge.indexOf('id="panel-0"'), huge.indexOf('id="panel-1"'));
    assert.equal([...hugeX86.matchAll(/class="off /g)].length, 3);
    assert.match(hugeX86, /⋮ buf ×1000000 continues: bytes 8–999999 \(124999 rows folded\); 15624 cacheline boundaries inside/);
    assert.match(hugeX86, /aria-label="int tail — offset 1000004, 4 bytes"/);
    assert.doesNotMatch(huge, /more rows not drawn/);
  });

  it('draws a struct member as a labelled frame around its own members, with their padding', () => {
    const outer = layoutPage(result.records.find((r) => r.name === 'outer')!, { cspSource: 'c', nonce: 'n' });
    const x86 = outer.slice(outer.indexOf('id="panel-0"'), outer.indexOf('id="panel-1"'));
    assert.match(x86, /<div class="frame p\d+" aria-hidden="true"><span>at: struct point<\/span><\/div>/);
    const nested = [...x86.matchAll(/<div class="(?:field c\d|hole)[^"]* nested [^"]*" tabindex="0" role="img" aria-label="([^"]+)"[^>]*><span class="name">([^<]+)</g)].map((m) => [m[2], m[1]]);
    assert.deepEqual(nested, [
      ['tag', 'char tag — offset 4, 1 byte'],
      ['padding', 'padding — offset 5, 3 bytes'],
      ['x', 'int x — offset 8, 4 bytes'],
      ['v: i | f', 'union (anonymous) v — offset 12, 4 bytes; members overlapping from its start: i | f'],
    ].map(([name, label]) => [name, label]));
    assert.match(x86, /<span>v: union \(anonymous\)<\/span>/);
  });

  it('draws the overlapping members of an anonymous union as one box in an "anonymous union" frame', () => {
    const tagged = layoutPage(result.records.find((r) => r.name === 'tagged')!, { cspSource: 'c', nonce: 'n' });
    const x86 = tagged.slice(tagged.indexOf('id="panel-0"'), tagged.indexOf('id="panel-1"'));
    assert.match(x86, /aria-label="overlapping members \(an anonymous union\) — offset 4, 16 bytes: unsigned char bytes\[16\] \(16 bytes\), unsigned int words\[4\] \(16 bytes\)"[^>]*><span class="name">bytes ×16 \| words ×4</);
    assert.match(x86, /<span>anonymous union<\/span>/);
    assert.equal([...x86.matchAll(/<span class="name">words/g)].length, 0, 'words is not drawn again over bytes');
  });

  it('draws a union with one lane per member, all from offset 0', () => {
    const u = layoutPage(result.records.find((r) => r.name === 'wire')!, { cspSource: 'c', nonce: 'n' });
    const x86 = u.slice(u.indexOf('id="panel-0"'), u.indexOf('id="panel-1"'));
    assert.deepEqual([...x86.matchAll(/<figcaption>([^<]+)</g)].map((m) => m[1]), ['union wire on x86-64: one lane per member, all from offset 0']);
    // Three lanes: each 8-byte word is three grid rows, the offset gutter spans them.
    assert.deepEqual([...x86.matchAll(/<span class="lane">([^<]+)</g)].map((m) => m[1]), ['lane bytes', 'lane p', 'lane d']);
    const gutter = [...x86.matchAll(/<div class="off (p\d+)"/g)].map((m) => m[1]);
    assert.equal(gutter.length, 3);
    assert.match(u, new RegExp(`\\.${gutter[1]}\\{grid-row:4/span 3;grid-column:1/2\\}`));
    // d's lane leaves 16 bytes of tail padding; p is drawn with its own members inside a frame.
    assert.match(x86, /aria-label="tail padding — offset 8, 16 bytes"/);
    assert.match(x86, /<span>p: struct point<\/span>/);
  });

  it('escapes what comes from the file and opens on the selected target', () => {
    const evil = layoutPage({ ...sample, title: '<img src=x onerror=alert(1)>' }, { cspSource: 'c', nonce: 'n' });
    assert.doesNotMatch(evil, /<img/);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const chosen = layoutPage(sample, { cspSource: 'c', nonce: 'n', selectedTarget: 'x86_64-pc-windows-msvc' });
    assert.match(chosen, /aria-selected="true"[^>]*>win64</);
    assert.match(layoutPage(undefined, { cspSource: 'c', nonce: 'n' }, 'No <record>'), /<p id="empty">No &lt;record&gt;<\/p>/);
  });
});
