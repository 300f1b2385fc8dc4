import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compile, cppActionsAt, cppDiagnostics, haveTool, scratchDir } from '../../../test/support/cpp.ts';
import { WIDGET_HPP } from '../../../test/cpp/widget-fixture.ts';

const C_PROGRAM = `#include <stdio.h>
#include "widget_object.h"

int main(void) {
  widget_object w;
  int v = -1;
  widget_object_status s = widget_object_create(&w, 2);
  printf("create %d\\n", s);
  s = w.vtable->push(w.self, 5);
  printf("push %d\\n", s);
  s = w.vtable->get(w.self, 0, &v);
  printf("get0 %d %d\\n", s, v);
  s = w.vtable->get(w.self, 9, &v);
  printf("get9 %d %s\\n", s, widget_object_last_error());
  w.vtable->retain(w.self);
  w.vtable->release(w.self);
  s = w.vtable->get(w.self, 0, &v);
  printf("after-release-one %d %d\\n", s, v);
  w.vtable->release(w.self);
  printf("done\\n");
  return 0;
}
`;

test('offered on a class: a C struct of function pointers with retain/release and an opaque self', async () => {
  const { actions } = await cppActionsAt(WIDGET_HPP, 'widget.hpp');
  const a = actions.find((x) => x.id === 'cpp-generate-vtable-api');
  assert.ok(a);
  assert.deepEqual(a.newFiles?.map((f) => f.path), ['widget_object.h', 'widget_object.cpp']);
  const header = a.newFiles![0]!.text;
  assert.match(header, /typedef struct widget_object_vtable \{[\s\S]*void \(\*retain\)\(void\* self\);[\s\S]*void \(\*release\)\(void\* self\);/);
  assert.match(header, /widget_object_status \(\*get\)\(const void\* self, int i, int\* out\);/);
  assert.match(header, /typedef struct widget_object \{\n  const widget_object_vtable\* vtable;\n  void\* self;\n\} widget_object;/);
  assert.doesNotMatch(header, /version/, 'static members are not table entries');
});

test('from a .cpp file the implementation is appended and only the header is new', async () => {
  const { actions } = await cppActionsAt(WIDGET_HPP, 'widget.cpp');
  const a = actions.find((x) => x.id === 'cpp-generate-vtable-api')!;
  assert.deepEqual(a.newFiles?.map((f) => f.path), ['widget_object.h']);
  assert.equal(a.edits.length, 1);
  assert.match(a.edits[0]!.text, /#include "widget_object\.h"/);
  assert.doesNotMatch(a.edits[0]!.text, /#include "widget\.cpp"/);
});

test('the generated table lets no exception escape (by our own check)', async () => {
  const { text, actions } = await cppActionsAt(WIDGET_HPP, 'widget.cpp');
  const edit = actions.find((x) => x.id === 'cpp-generate-vtable-api')!.edits[0]!;
  const whole = (text.slice(0, edit.start) + edit.text).replace(/#include "widget_object\.h"\n/, '');
  assert.deepEqual((await cppDiagnostics(whole, ['cpp-exception-escapes-c', 'cpp-noexcept-throws'])).map((d) => d.message), []);
});

test('compiles as C11 and C++17; a C program calls through the table and gets the error of a throwing method', { timeout: 120_000 }, async () => {
  if (!haveTool('gcc') || !haveTool('g++')) return;
  const { text, actions } = await cppActionsAt(WIDGET_HPP, 'widget.hpp');
  const a = actions.find((x) => x.id === 'cpp-generate-vtable-api')!;
  const dir = scratchDir();
  writeFileSync(join(dir, 'widget.hpp'), text);
  for (const f of a.newFiles!) writeFileSync(join(dir, f.path), f.text);
  writeFileSync(join(dir, 'main.c'), C_PROGRAM);
  assert.equal(compile('gcc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-c', 'main.c', '-o', 'main.o'], dir), '');
  assert.equal(compile('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-c', 'widget_object.cpp', '-o', 'widget_object.o'], dir), '');
  assert.equal(compile('g++', ['main.o', 'widget_object.o', '-o', 'main'], dir), '');
  const run = spawnSync(join(dir, 'main'), { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines[0], 'create 0');
  assert.equal(lines[1], 'push 0');
  assert.equal(lines[2], 'get0 0 5');
  assert.match(lines[3]!, /^get9 -3 .*range/);
  assert.equal(lines[4], 'after-release-one 0 5');
  assert.equal(lines[5], 'done');
});
