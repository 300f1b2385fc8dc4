import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { AnalysisHost, DEFAULT_CONFIG } from './analysis.ts';
import { WARM_UP_INCLUDE_STEPS, WARM_UP_SAMPLE, warmUp, warmUpIncludes } from './warm-up.ts';
import { WorkspaceIncludes } from './workspace-includes.ts';

let host: AnalysisHost;
before(async () => {
  host = await AnalysisHost.create();
});

test('the warm-up sample exercises what a first hover needs: a diagnostic, nested records, a hover', () => {
  const file = host.openFile('sample.c', 'c', WARM_UP_SAMPLE);
  try {
    assert.ok(host.diagnostics(file, DEFAULT_CONFIG).some((d) => d.code === 'c-zero-length-array'));
    const records = host.recordLayouts(file, DEFAULT_CONFIG);
    assert.equal(records.length, 3);
    assert.equal(records[0]!.targets.length, DEFAULT_CONFIG.targets.length);
    assert.match(host.hover(file, WARM_UP_SAMPLE.indexOf('warm_a'), DEFAULT_CONFIG)?.markdown ?? '', /\*\*struct warm\\_a\*\* — x86-64/);
  } finally {
    file.dispose();
  }
});

test('warmUp runs them and reports a duration', () => {
  const ms = warmUp(host, DEFAULT_CONFIG);
  assert.ok(Number.isFinite(ms) && ms >= 0);
});

test('the includes sample reads the standard headers through the prelude; warmUpIncludes leaves them lexed in the shared cache', async () => {
  const withIncludes = await AnalysisHost.create();
  const includes = new WorkspaceIncludes(() => ({ includeDirs: [], quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] }));
  withIncludes.setIncludeProvider(includes);
  const primary = { ...DEFAULT_CONFIG, targets: DEFAULT_CONFIG.targets.slice(0, 1) };
  for (const [step, text] of WARM_UP_INCLUDE_STEPS.entries()) {
    const file = withIncludes.openFile(`file:///ffi-lens-warm-up-test/sample${step}.c`, 'c', text);
    try {
      // Each member's type comes from the step's header: without it the record would have no layout.
      assert.match(withIncludes.hover(file, text.indexOf('warm_io'), primary)?.markdown ?? '', /size \*\*\d+\*\* · align \*\*\d+\*\*/, text);
    } finally {
      file.dispose();
    }
  }
  includes.cache.clear();
  const ms = warmUpIncludes(withIncludes, DEFAULT_CONFIG);
  assert.ok(Number.isFinite(ms) && ms >= 0);
  assert.ok(includes.cache.size >= 5, `headers lexed: ${includes.cache.size}`);
});
