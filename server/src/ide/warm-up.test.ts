import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { AnalysisHost, DEFAULT_CONFIG } from './analysis.ts';
import { WARM_UP_SAMPLE, warmUp } from './warm-up.ts';

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
