import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG, parseSettings } from './config.ts';

test('no settings: the defaults, no problems', () => {
  const { config, problems } = parseSettings(undefined);
  assert.deepEqual(problems, []);
  assert.equal(config.targets, DEFAULT_CONFIG.targets);
  assert.equal(config.hover.byteMap, true);
  assert.equal(config.trusted, false);
});

test('target goes first, then the matrix, without repeats', () => {
  const { config } = parseSettings({ target: 'i686-unknown-linux-gnu', targets: ['x86_64-unknown-linux-gnu', 'i686-unknown-linux-gnu'] });
  assert.deepEqual(config.targets.map((t) => t.triple), ['i686-unknown-linux-gnu', 'x86_64-unknown-linux-gnu']);
});

test('unknown targets are named and the known ones kept', () => {
  const { config, problems } = parseSettings({ targets: ['mips-nowhere', 'aarch64-unknown-linux-gnu'] });
  assert.deepEqual(config.targets.map((t) => t.triple), ['aarch64-unknown-linux-gnu']);
  assert.match(problems[0]!, /"mips-nowhere"/);
});

test('checks: boolean or object; a bad severity is reported and ignored', () => {
  const { config, problems } = parseSettings({ checks: { a: false, b: { severity: 'error' }, c: { severity: 'loud' }, d: 7 } });
  assert.deepEqual(config.checks.a, { enabled: false });
  assert.deepEqual(config.checks.b, { enabled: true, severity: 'error' });
  assert.deepEqual(config.checks.c, { enabled: true });
  assert.equal(problems.length, 2);
});

test('python version', () => {
  assert.deepEqual(parseSettings({ python: { version: '3.13' } }).config.python, { major: 3, minor: 13 });
  assert.equal(parseSettings({ python: { version: 'auto' } }).config.python, undefined);
  assert.match(parseSettings({ python: { version: 'three' } }).problems[0]!, /3\.12/);
});

test('hostile shapes never throw', () => {
  for (const s of [null, 7, 'x', [], { targets: 'x' }, { checks: [] }, { hover: 3 }, { python: null }]) parseSettings(s);
});
