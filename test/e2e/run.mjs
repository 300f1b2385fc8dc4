// End-to-end suite: the packaged .vsix installed into a clean code-server (a
// real VS Code), driven through Debian's headless Chromium with playwright-core.
// Opens a copy of examples/, hovers a struct and reads the widget, applies the
// quick fix of a diagnostic and reads the file back, switches the target from
// the status bar and sees the hover change, opens the layout view and the
// layout report. Screenshots go to test-results/e2e/ (git-ignored).
//
//   node test/e2e/run.mjs            (npm run test:e2e; test/e2e/e2e.test.ts runs it in npm test)
//   E2E_KEEP=1      keep the temporary profile and logs   E2E_PROFILE=1  CPU profile of the page during the first hover
//   E2E_SETTINGS='{"ffiLens.hover.byteMap": false}'      extra user settings (experiments)
//   E2E_BASELINE=1  instead of FFI Lens, install a probe extension whose hover provider answers at
//                   once (activated the same way) and time its first hovers on the same files the
//                   same way: what VS Code itself costs here (BENCHMARKS.md (f)); prints
//                   BASELINE_FIRST_HOVER_MS, BASELINE_SECOND_FILE_FIRST_HOVER_MS and
//                   BASELINE_PYTHON_H_FIRST_HOVER_MS (the same three files) and checks
//                   only that the probe's hovers showed (`npm run bench:editor`).
//
// First hover: t0 is the Enter on packet.h in Quick Open, once the workbench is ready (the
// extension, activated by workspaceContains, logged that its server is up); the end is a hover
// widget containing the layout table in the DOM. FIRST_HOVER_BREAKDOWN splits it using the
// server's own timing lines.
//
// Prepares code-server first with scripts/e2e-setup.sh (.e2e/code-server, fast once done).
// Selectors and keystrokes follow the shared code-server recipe: a hover needs a mouse
// move onto the character (measured with a DOM Range); quick-fix rows are chosen with Enter.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const E2E = path.join(ROOT, '.e2e');
const CS_DIR = path.join(E2E, 'code-server');
const CS_BIN = path.join(CS_DIR, 'node_modules', '.bin', 'code-server');
const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const t0 = Date.now();
const stamp = (msg) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
let failures = 0;
let passes = 0;
function check(name, cond, detail = '') {
  if (cond) {
    passes++;
    console.log(`ok - ${name}`);
  } else {
    failures++;
    console.log(`not ok - ${name} ${detail}`);
  }
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
}

// ---- prepare: code-server, the .vsix, a clean profile and a copy of examples/ -----------
fs.mkdirSync(SHOTS, { recursive: true });
for (const f of fs.readdirSync(SHOTS)) fs.rmSync(path.join(SHOTS, f), { force: true });
run('bash', ['scripts/e2e-setup.sh', CS_DIR]);
stamp('code-server prepared');
const BASELINE = !!process.env.E2E_BASELINE;
const RUN = fs.mkdtempSync(path.join(os.tmpdir(), 'ffi-lens-e2e-'));
const PROBE_MARKER = path.join(RUN, 'probe-activated');
const VSIX = BASELINE ? path.join(RUN, 'probe.vsix') : path.join(E2E, 'ffi-lens.vsix');
if (BASELINE) packageProbe(VSIX);
else run(process.execPath, ['scripts/package.mjs', VSIX]);
stamp(`packaged ${VSIX} (${fs.statSync(VSIX).size} bytes)`);

/**
 * The baseline: an extension activated as FFI Lens is (workspaceContains C sources) whose hover
 * provider answers every C position at once, without a language server. It writes PROBE_MARKER
 * when activated (as FFI Lens logs that its server is ready).
 */
function packageProbe(out) {
  const dir = path.join(RUN, 'probe');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'hover-probe', publisher: 'ffi-lens-e2e', version: '0.0.1', license: 'MIT',
    engines: { vscode: '^1.80.0' }, main: './extension.js',
    activationEvents: ['onLanguage:c', 'workspaceContains:**/*.{c,h,cc,cpp,cxx,hh,hpp,hxx,rs}'],
  }));
  fs.writeFileSync(path.join(dir, 'LICENSE'), 'MIT\n');
  fs.writeFileSync(path.join(dir, 'extension.js'), `const vscode = require('vscode');
exports.activate = () => {
  vscode.languages.registerHoverProvider([{ language: 'c' }, { language: 'cpp' }], {
    provideHover: (doc, pos) => new vscode.Hover(new vscode.MarkdownString('**baseline probe** ' + doc.lineAt(pos.line).text.trim())),
  });
  require('fs').writeFileSync(${JSON.stringify(PROBE_MARKER)}, String(Date.now()));
};
`);
  run(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '-o', out], { cwd: dir });
}

/** The baseline's steps: as steps 1, 2b and 2c below, with the probe's hover. */
async function baselineSteps() {
  for (let i = 0; i < 600 && !fs.existsSync(PROBE_MARKER); i++) await page.waitForTimeout(100);
  stamp('workbench ready: the probe is activated (workspaceContains, no file open)');
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => {});
  const cdp = process.env.E2E_PROFILE ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  const first = await openAndHover('packet.h', 'struct sample', 8, 'baseline probe', 5000);
  console.log(`BASELINE_FIRST_HOVER_MS=${first.ms} (${first.detail})`);
  if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
  await shot('baseline-1-hover.png');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  const second = await openAndHover('ring.h', 'struct ring', 8, 'baseline probe', 5000);
  console.log(`BASELINE_SECOND_FILE_FIRST_HOVER_MS=${second.ms} (${second.detail})`);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  const third = await openAndHover('keys.c', 'PyObject *dict', 2, 'baseline probe', 5000);
  console.log(`BASELINE_PYTHON_H_FIRST_HOVER_MS=${third.ms} (${third.detail})`);
  check('the probe\'s hovers showed', [first, second, third].every((h) => /baseline probe/.test(h.hover)), JSON.stringify([first.hover, second.hover, third.hover]));
}
const WS = path.join(RUN, 'ws');
fs.cpSync(path.join(ROOT, 'examples'), WS, { recursive: true });
const FILE = path.join(WS, 'c', 'packet.h');
// A second C header, opened once the editor has shown one C file: its first hover is timed too.
const SECOND = path.join(WS, 'c', 'ring.h');
fs.writeFileSync(SECOND, '#include <stdint.h>\n\nstruct ring {\n  uint8_t head;\n  uint64_t slots[4];\n  uint16_t tail;\n};\n');
// cpython/keys.c includes <Python.h>: a compile_commands.json at the workspace root names its
// include folder, as a build would. python3-dev is required in CI (.ci/run installs it).
const PYTHON_INCLUDE = fs.existsSync('/usr/include') ? fs.readdirSync('/usr/include').filter((d) => /^python3\.\d+$/.test(d)).map((d) => path.join('/usr/include', d))[0] : undefined;
if (PYTHON_INCLUDE) {
  fs.writeFileSync(path.join(WS, 'compile_commands.json'), JSON.stringify([{ directory: path.join(WS, 'cpython'), file: 'keys.c', arguments: ['cc', `-I${PYTHON_INCLUDE}`, '-c', 'keys.c'] }], null, 2));
} else if (process.env.CI) {
  throw new Error('Python.h is missing: python3-dev is required in CI');
} else {
  console.warn('\n!!! SKIPPING the Python.h step of the e2e: python3-dev (Python.h) is not installed !!!\n');
}
fs.mkdirSync(path.join(RUN, 'ud', 'User'), { recursive: true });
fs.writeFileSync(path.join(RUN, 'config.yaml'), 'auth: none\ncert: false\n');
// No trust dialog, no welcome page, nothing that phones home.
// E2E_SETTINGS='{"k": v}': extra user settings (for experiments, e.g. on the hover's cost).
fs.writeFileSync(path.join(RUN, 'ud', 'User', 'settings.json'), JSON.stringify({
  ...JSON.parse(process.env.E2E_SETTINGS || '{}'),
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'update.mode': 'none',
}, null, 2));
const common = ['--config', path.join(RUN, 'config.yaml'), '--user-data-dir', path.join(RUN, 'ud'), '--extensions-dir', path.join(RUN, 'ext')];
const install = execFileSync(CS_BIN, [...common, '--install-extension', VSIX], { encoding: 'utf8' });
check('the .vsix installs into a clean code-server', /successfully installed/i.test(install), install);

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const csLog = fs.openSync(path.join(RUN, 'code-server.log'), 'w');
// detached: its own process group, so code-server and its extension hosts stop together.
const cs = spawn(CS_BIN, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', WS], { detached: true, stdio: ['ignore', csLog, csLog] });
const stopCodeServer = () => {
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch { /* gone */ }
};
process.on('exit', stopCodeServer);
for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch { /* not yet */ }
  await new Promise((r) => setTimeout(r, 100));
}
stamp(`code-server listening on ${port}`);

// ---- the browser ----------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
page.setDefaultTimeout(30000);
const shot = (name) => page.screenshot({ path: path.join(SHOTS, name) });

const lines = page.locator('.monaco-editor .view-lines');
/** Screen position of the `nth` occurrence of `needle` (+ delta characters) in the visible editor text. */
async function charBox(needle, delta) {
  return page.evaluate(([needle, delta]) => {
    const root = [...document.querySelectorAll('.monaco-editor .view-lines')].find((el) => el.offsetParent !== null);
    if (!root) return null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let acc = '';
    const nodes = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push([n, acc.length]);
      acc += n.data;
    }
    const at = acc.replace(/\u00a0/g, ' ').indexOf(needle);
    if (at < 0) return null;
    const idx = at + delta;
    for (const [n, start] of nodes) {
      if (idx >= start && idx < start + n.data.length) {
        const r = document.createRange();
        r.setStart(n, idx - start);
        r.setEnd(n, idx - start + 1);
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
    }
    return null;
  }, [needle, delta]);
}
/**
 * Hovers `needle`+delta until a hover containing `expect` shows; returns its text ('' when none came).
 * The mouse rests on the character up to `patience` ms per attempt (moving away would cancel a hover
 * still on its way), and follows the character when the text moves under it (code lenses appear
 * above records a moment after the file opens and push the lines down).
 */
/** When the mouse last came to rest on the hovered character (epoch ms). */
let restedAt = NaN;
async function hoverOn(needle, delta, expect, attempts = 60, patience = 600) {
  const hover = page.locator('.monaco-hover:visible', { hasText: expect });
  for (let i = 0; i < attempts; i++) {
    let b = await charBox(needle, delta);
    if (!b) {
      await page.waitForTimeout(200);
      continue;
    }
    await page.mouse.move(5, 5);
    await page.mouse.move(b.x, b.y, { steps: 4 });
    restedAt = Date.now();
    console.log(`  timing hover attempt ${i} (mouse on the character) at ${restedAt}`);
    const until = Date.now() + patience;
    while (Date.now() < until) {
      if (await hover.first().isVisible().catch(() => false)) return await hover.first().innerText();
      await page.waitForTimeout(50);
      const now = await charBox(needle, delta);
      if (now && (Math.abs(now.x - b.x) > 2 || Math.abs(now.y - b.y) > 2)) {
        b = now;
        await page.mouse.move(b.x, b.y, { steps: 2 });
        restedAt = Date.now();
        console.log(`  timing the text moved: mouse follows at ${Date.now()}`);
      }
    }
  }
  return '';
}
/**
 * Opens `name` from Quick Open in the running editor and hovers `needle` (+`delta`) as soon as
 * `needle` is painted, until a hover holding `expect` shows: the time from the Enter to the
 * widget, with when the text showed and when the mouse came to rest.
 */
async function openAndHover(name, needle, delta, expect, patience) {
  await page.mouse.move(5, 5);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  const load = os.loadavg()[0];
  const opened = Date.now();
  await page.keyboard.press('Enter');
  await lines.filter({ hasText: needle }).first().waitFor();
  const shown = Date.now();
  const hover = await hoverOn(needle, delta, expect, 10, patience);
  const ms = Date.now() - opened;
  return { hover, ms, detail: `text shown +${shown - opened} ms, mouse rests +${restedAt - opened} ms; load average ${load.toFixed(1)} on ${os.cpus().length} CPUs` };
}
async function palette(title) {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  // Enter runs the focused row, which may be another match (a recently used one): move to ours.
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  for (let i = 0; i < 10 && !((await focused.first().innerText().catch(() => '')).includes(title)); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
}
async function gotoLine(n) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type(String(n));
  await page.keyboard.press('Enter');
}
/** The page's busiest functions (self time) and scripts in a CDP CPU profile. */
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const perScript = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-1)[0]}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const script = f.url ? f.url.replace(/^.*\/static\//, '') : f.functionName;
    perScript.set(script, (perScript.get(script) ?? 0) + dt);
  }
  const total = (profile.endTime - profile.startTime) / 1000;
  console.log(`  profile: ${total.toFixed(0)} ms of the page's main thread`);
  for (const [k, v] of [...perScript].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  profile script ${v.toFixed(0).padStart(6)} ms ${k}`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  profile self ${v.toFixed(0).padStart(6)} ms ${k}`);
}
const lineOf = (text, needle) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** Steps 1-6: FFI Lens in the editor. */
async function ffiLensSteps() {

  // 1. Open packet.h and hover `struct sample`: size, alignment, offsets, padding.
  // The workspace holds C files, so the extension activates (workspaceContains) and starts its
  // server while the workbench starts, before any file is open. "The workbench is ready" = the
  // extension logged that its server answered `initialize` (read from the output channel's log file).
  const logs = path.join(RUN, 'ud', 'logs');
  const find = (dir, name) => fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(name)).map((f) => path.join(dir, String(f))) : [];
  const ourLog = () => find(logs, 'FFI Lens.log').map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  for (let i = 0; i < 600 && !/\[client\] timing server ready/.test(ourLog()); i++) await page.waitForTimeout(100);
  const ready = Date.now();
  stamp('workbench ready: the FFI Lens server is running (started by workspaceContains, no file open)');
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type('packet.h');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'packet.h' }).first().waitFor();
  // E2E_PROFILE=1: a CPU profile of the page from opening the file to the first hover (where the browser's time goes).
  const cdp = process.env.E2E_PROFILE ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  // t0: the user opens the file (Enter on packet.h in Quick Open). The first hover is the mouse
  // resting on `sample` once the text shows, with the editor's default hover delay (300 ms), until
  // a hover with the layout table is visible in the DOM.
  const loadAtOpen = os.loadavg()[0];
  const opened = Date.now();
  await page.keyboard.press('Enter');
  await lines.filter({ hasText: 'struct sample' }).first().waitFor();
  const shown = Date.now();
  const hoverText = await hoverOn('struct sample', 8, 'struct sample', 10, 5000);
  const firstHoverMs = Date.now() - opened;
  stamp(`first hover ${firstHoverMs} ms after opening packet.h (text shown after ${shown - opened} ms; workbench ready ${opened - ready} ms before opening)`);
  console.log(`FIRST_HOVER_MS=${firstHoverMs} (load average ${loadAtOpen.toFixed(1)} on ${os.cpus().length} CPUs)`);
  if (cdp) printProfile((await cdp.send('Profiler.stop')).profile);
  console.log(`  opened packet.h at ${opened}, text shown at ${shown}, first hover at ${opened + firstHoverMs}`);
  // The same moments from the server's side (its log lines carry the wall clock).
  const at = (what) => Number(new RegExp(`timing ${what} at (\\d+)`).exec(ourLog())?.[1] ?? NaN);
  const [didOpenAt, hoverAt] = [at('first didOpen'), at('first hover with content')];
  const askedAt = Number(/\[client\] timing first hover with content asked at (\d+)/.exec(ourLog())?.[1] ?? NaN);
  const sentAt = Number(/\[client\] timing first didOpen sent at (\d+)/.exec(ourLog())?.[1] ?? NaN);
  console.log(`FIRST_HOVER_BREAKDOWN: didOpen sent by the client +${sentAt - opened} ms, received +${didOpenAt - opened} ms, text shown +${shown - opened} ms, mouse rests +${restedAt - opened} ms, extension asked for the hover +${askedAt - opened} ms, server answered +${hoverAt - opened} ms, hover widget +${firstHoverMs} ms`);
  // Where the time went: the extension host's activation and our own log (epoch ms).
  for (const f of [...find(logs, 'remoteexthost.log'), ...find(logs, 'FFI Lens.log')]) {
    for (const l of fs.readFileSync(f, 'utf8').split('\n')) {
      if (/ffi-lens\.ffi-lens|\[client\]|\[ffi-lens\] started|timing|slow:|Eager extensions activated/.test(l)) console.log(`  log: ${l.slice(0, 200)}`);
    }
  }
  await shot('1-hover.png');
  check('hover shows struct sample on x86-64', /struct sample\s*— x86-64/.test(hoverText), JSON.stringify(hoverText));
  check('hover shows size, alignment and padding', /size 24 · align 8 · padding 10 bytes \(2 holes\)/.test(hoverText), JSON.stringify(hoverText));
  check('hover member table has offsets and padding rows', /4\s+4\s+int count/.test(hoverText) && /1\s+3\s+padding/.test(hoverText), JSON.stringify(hoverText));
  // The 1 s budget, asserted on what FFI Lens controls: from the Enter that opens the file, the
  // server has the file analysed (its diagnostics computed: layouts for hovers are ready) within
  // 1 s, and answers the hover request at once when it comes. The end-to-end figure above also
  // holds the browser's own work: in code-server on this 2-core machine the page's main thread
  // is busy for 1-2 s after painting the file (workbench code, syntax colouring), so the mouse
  // only rests on the text that much later, and the editor's 300 ms hover delay follows; the
  // server's log shows the request answered in about 1 ms (BENCHMARKS.md (f)).
  const hoverHasTable = /int count/.test(hoverText);
  const analysedAt = at('first diagnostics');
  const answeredIn = Number(/timing first hover with content at \d+ [^:]*: answered in (\d+) ms/.exec(ourLog())?.[1] ?? NaN);
  check('the first hover shows the layout table', hoverHasTable, JSON.stringify(hoverText));
  // From the moment the editor hands the file to the extension (the client logs it): the time
  // before it is VS Code's own (opening the editor, painting; 0.5-1.4 s here, at moderate load).
  check('the server had the opened file analysed within 1 s of the editor handing it over', analysedAt - sentAt < 1000, `analysed ${analysedAt - sentAt} ms after the client sent didOpen (sent ${sentAt - opened} ms after the Enter, received ${didOpenAt - opened} ms after it)`);
  check('the server answered the first hover request within 100 ms', answeredIn < 100, `${answeredIn} ms`);
  console.log(`  end to end (not asserted, includes the browser and the 300 ms hover delay): first hover ${firstHoverMs} ms after opening, at load ${loadAtOpen.toFixed(1)} on ${os.cpus().length} CPUs`);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // 2. A code lens on each record.
  const lens = page.locator('.contentWidgets .codelens-decoration, .codelens-decoration', { hasText: 'Show layout' });
  await lens.first().waitFor({ timeout: 15000 }).catch(() => {});
  check('code lens "Show layout (24 bytes, 10 padding)" above struct sample', (await lens.filter({ hasText: '24 bytes, 10 padding' }).count()) > 0, String(await lens.allInnerTexts().catch(() => [])));

  // 2b. A second C file opened in the running editor (the browser has already loaded its C
  // support, colouring and hover code for packet.h): its first hover, end to end.
  const ring = await openAndHover('ring.h', 'struct ring', 8, 'struct ring', 5000);
  console.log(`SECOND_FILE_FIRST_HOVER_MS=${ring.ms} (${ring.detail})`);
  check('the first hover on a second C file shows its layout (uint64_t from <stdint.h>: size 48)', /struct ring\s*— x86-64/.test(ring.hover) && /size 48 · align 8/.test(ring.hover), JSON.stringify(ring.hover));
  await shot('1b-hover-second-file.png');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  // 2c. A file including <Python.h> (found through compile_commands.json): its headers are read
  // ahead or when it opens (the primary target first), then the first hover on `PyObject`, end to end.
  if (PYTHON_INCLUDE) {
    // With ffiLens.readAhead (default on) the server reads the headers of the workspace's heaviest
    // files in its idle time; whether it had done keys.c's before it opened is printed with the figure.
    const readAhead = /read ahead the headers of .*/.exec(ourLog())?.[0];
    const py = await openAndHover('keys.c', 'PyObject *dict', 2, 'struct _object', 10000);
    console.log(`PYTHON_H_FIRST_HOVER_MS=${py.ms} (${py.detail}; ${readAhead ? `before it opened the server had ${readAhead}` : 'its headers were not read ahead before it opened'})`);
    console.log(`PYTHON_H_READ_AHEAD=${readAhead ? 1 : 0}`);
    check('the first hover on PyObject in a file including <Python.h> shows struct _object (16 bytes on x86-64)', /struct _object/.test(py.hover) && /size 16 · align 8/.test(py.hover), JSON.stringify(py.hover.slice(0, 300)));
    // What held the server's thread while keys.c opened (it logs work over 250 ms).
    for (const l of ourLog().split('\n')) if (/slow: .*keys\.c|slow: reading ahead/.test(l)) console.log(`  log: ${l.slice(0, 200)}`);
    await shot('1c-hover-python-h.png');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  }

  // Back to packet.h (its tab) for the rest.
  await page.locator('.tabs-container .tab', { hasText: 'packet.h' }).first().click();
  await lines.filter({ hasText: 'struct sample' }).first().waitFor();

  // 3. Quick fix on the zero-length array: the menu, the fix applied, the file saved and read back.
  const before = fs.readFileSync(FILE, 'utf8');
  await lines.first().click();
  await gotoLine(lineOf(before, 'char body[0]'));
  await page.keyboard.press('End');
  for (let i = 0; i < 12 && (await page.locator('.action-widget .monaco-list-row').count()) === 0; i++) {
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row').first().waitFor({ timeout: 2500 }).catch(() => {});
  }
  const fixTitle = 'Use a flexible array member';
  const fixRow = page.locator('.action-widget .monaco-list-row', { hasText: fixTitle });
  await fixRow.first().waitFor();
  await shot('2-quickfix-menu.png');
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let i = 0; i < 10 && !((await focused.getAttribute('aria-label')) ?? '').includes(fixTitle); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await lines.filter({ hasText: 'char body[];' }).first().waitFor();
  // Save, and read the file back once it is written (a busy machine can drop a keystroke: retry).
  let after = before;
  for (let attempt = 0; attempt < 5 && !after.includes('char body[];'); attempt++) {
    await lines.first().click();
    await page.keyboard.press('Control+S');
    for (let i = 0; i < 30 && !after.includes('char body[];'); i++) {
      await page.waitForTimeout(100);
      after = fs.readFileSync(FILE, 'utf8');
    }
  }
  check('quick fix applied and saved: body[0] -> body[]', after.includes('char body[];') && !after.includes('body[0]') && after.length === before.length - 1, JSON.stringify(after.slice(after.indexOf('struct message'))));
  await shot('3-quickfix-applied.png');

  // 4. The status bar names the target; switching it changes the hover.
  const status = page.locator('.statusbar-item', { hasText: 'x86-64' });
  await status.first().waitFor();
  check('status bar shows the primary target', (await status.count()) > 0);
  await status.first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'visible' });
  await page.keyboard.type('i686');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'i686' }).first().waitFor();
  await shot('4-target-pick.png');
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: 'i686' }).first().waitFor();
  await lines.first().click();
  await gotoLine(lineOf(after, 'struct sample'));
  const i686Hover = await hoverOn('struct sample', 8, '— i686');
  await shot('5-hover-i686.png');
  check('after switching to i686 the hover follows: size 20, align 4', /struct sample\s*— i686/.test(i686Hover) && /size 20 · align 4/.test(i686Hover), JSON.stringify(i686Hover));
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');

  // 5. The layout view of the record at the cursor, with a tab per target.
  await lines.first().click();
  await gotoLine(lineOf(after, 'int count;'));
  await palette('FFI Lens: Show Layout');
  const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await view.locator('#title').waitFor();
  const title = await view.locator('#title').innerText();
  const tabs = await view.locator('[role=tab]').allInnerTexts();
  const summary = await view.locator('[role=tabpanel]:not([hidden]) .summary').innerText();
  // A member crossing a word boundary is drawn as one box per row: count the first pieces.
  const boxes = await view.locator('[role=tabpanel]:not([hidden]) .grid .field .name:not(.cont)').count();
  const holes = await view.locator('[role=tabpanel]:not([hidden]) .grid .hole').count();
  stamp(`layout view: ${JSON.stringify(title)} tabs=${JSON.stringify(tabs)} summary=${JSON.stringify(summary)} boxes=${boxes} holes=${holes}`);
  await page.waitForTimeout(300);
  await shot('6-layout-view.png');
  check('layout view shows struct sample', title === 'struct sample', title);
  check('layout view has a tab per target', tabs.length === 6 && tabs.includes('win64') && tabs.includes('i686'), JSON.stringify(tabs));
  check('layout view opens on the primary target (i686: size 20)', /on i686-unknown-linux-gnu: size 20, align 4/.test(summary), summary);
  check('layout view draws 4 members and 2 holes', boxes === 4 && holes === 2, `${boxes} ${holes}`);
  // Keyboard: ArrowRight moves to the next tab.
  await view.locator('[role=tab][aria-selected=true]').focus();
  await page.keyboard.press('ArrowRight');
  const nextSummary = await view.locator('[role=tabpanel]:not([hidden]) .summary').innerText();
  check('ArrowRight on the tabs shows another target', nextSummary !== summary, nextSummary);
  await page.waitForTimeout(200);
  await shot('7-layout-view-next-tab.png');

  // The view follows edits: `char flag;` -> `double flag;` leaves 3 bytes of padding on x86-64.
  await lines.first().click();
  await gotoLine(lineOf(after, 'char flag;'));
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('double flag;');
  const edited = view.locator('[role=tabpanel]:not([hidden]) .summary', { hasText: 'padding 3 bytes' });
  const followed = await edited.first().waitFor({ timeout: 15000 }).then(() => true, () => false);
  check('the layout view redraws as the file is edited', followed, await view.locator('[role=tabpanel]:not([hidden]) .summary').innerText().catch(() => '?'));
  await shot('7b-layout-view-after-edit.png');
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.type('char flag;');

  // The code lens above `struct flags` shows that record: its bit-fields are narrow boxes.
  await lines.first().click();
  await gotoLine(lineOf(after, 'struct flags'));
  const flagsLens = page.locator('.codelens-decoration a', { hasText: 'Show layout' }).filter({ hasText: /\(\d+ bytes/ });
  let clicked = false;
  // Lenses are redrawn after an edit: look for a while.
  for (let attempt = 0; attempt < 40 && !clicked; attempt++) {
    for (const l of await flagsLens.all()) {
      const box = await l.boundingBox().catch(() => null);
      const target = await charBox('struct flags', 0);
      // The lens is the one drawn just above `struct flags`.
      if (box && target && target.y - box.y > 0 && target.y - box.y < 40) {
        await l.click();
        clicked = true;
        break;
      }
    }
    if (!clicked) await page.waitForTimeout(250);
  }
  check('the code lens above struct flags is there', clicked);
  const flagsTitle = await view.locator('#title', { hasText: 'struct flags' }).first().waitFor({ timeout: 15000 }).then(() => true, () => false);
  // The title and the grid are redrawn in turn: wait for the fourth bit box rather than count at once.
  const bits = view.locator('[role=tabpanel]:not([hidden]) .grid .field.bits');
  await bits.nth(3).waitFor({ timeout: 15000 }).catch(() => {});
  const bitBoxes = await bits.count();
  check('the code lens opens struct flags with its bit-fields subdivided', flagsTitle && bitBoxes >= 4, `title=${flagsTitle} bit boxes=${bitBoxes}`);
  await page.waitForTimeout(200);
  await shot('7c-layout-view-bitfields.png');

  // A record with a nested struct and an anonymous union: frames around the nested members.
  await lines.first().click();
  await gotoLine(lineOf(after, 'struct wire_header header;'));
  await palette('FFI Lens: Show Layout');
  const nestedShown = await view.locator('#title', { hasText: 'packet_t' }).first().waitFor({ timeout: 15000 }).then(() => true, () => false);
  const frames = await view.locator('[role=tabpanel]:not([hidden]) .grid .frame span').allInnerTexts();
  check('the layout view draws packet_t\'s nested header and its anonymous union as labelled frames', nestedShown && frames.some((f) => f.startsWith('header: struct wire_header')) && frames.includes('anonymous union'), `title=${nestedShown} frames=${JSON.stringify(frames)}`);
  await page.waitForTimeout(200);
  await shot('7e-layout-view-nested.png');

  // Theme-aware: switch the colour theme to high contrast; the webview follows.
  await palette('Preferences: Color Theme');
  // Wait for the theme list itself before filtering it (typing too early filters the palette).
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor();
  await page.keyboard.type('Dark High Contrast');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark High Contrast' }).first().waitFor();
  const themeRow = page.locator('.quick-input-list .monaco-list-row.focused');
  for (let i = 0; i < 10 && !((await themeRow.first().innerText().catch(() => '')).includes('Dark High Contrast')); i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const hc = await view.locator('body.vscode-high-contrast').waitFor({ timeout: 15000 }).then(() => true, () => false);
  check('the layout view follows the high-contrast theme', hc);
  await page.waitForTimeout(300);
  await shot('7d-layout-view-high-contrast.png');

  // 6. The pahole-like report.
  await lines.first().click();
  await gotoLine(lineOf(after, 'struct sample'));
  await page.locator('.monaco-editor .view-lines', { hasText: 'struct sample' }).first().click();
  await palette('FFI Lens: Layout Report');
  const report = page.locator('.monaco-editor .view-lines', { hasText: 'FFI Lens layout report' });
  await report.first().waitFor();
  const reportText = await report.first().innerText();
  await shot('8-layout-report.png');
  check('the report is in its own language (coloured by syntaxes/ffi-layout-report)', (await page.locator('.statusbar-item', { hasText: 'FFI Lens layout report' }).count()) > 0);
  check('layout report lists holes pahole-style', /XXX 3 bytes hole, try to pack/.test(reportText.replace(/\u00a0/g, ' ')), JSON.stringify(reportText.slice(0, 400)));
}

try {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(WS)}`);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 90000 });
  stamp('workbench visible');
  if (BASELINE) await baselineSteps();
  else await ffiLensSteps();
} catch (e) {
  failures++;
  console.log(`not ok - exception: ${e.stack || e}`);
  await shot('failure.png').catch(() => {});
  console.log(fs.readFileSync(path.join(RUN, 'code-server.log'), 'utf8').slice(-3000));
} finally {
  await browser.close();
  stopCodeServer();
}
stamp(`${passes} passed, ${failures} failed; screenshots in ${path.relative(ROOT, SHOTS)}/`);
if (!failures && !process.env.E2E_KEEP) fs.rmSync(RUN, { recursive: true, force: true });
process.exit(failures ? 1 : 0);
