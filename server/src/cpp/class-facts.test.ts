// Class facts against the compiler: for every class of the corpus whose facts
// we claim to know, g++ must agree through std::is_polymorphic and
// std::is_standard_layout (static_asserts in one translation unit).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cxxSyntaxErrors, haveTool } from '../../../test/support/cpp.ts';
import { sharedHost } from '../../../test/support/fixture.ts';
import { classFacts } from './class-facts.ts';
import { cppFileModel } from './file-model.ts';

const CLASSES = `#include <cstdint>
#include <string>
struct Point { int x; int y; };
struct Shape { virtual ~Shape() {} virtual double area() const = 0; };
struct Circle : Shape { double r = 1; double area() const override { return 3.14 * r * r; } };
class Counter { public: int get() const { return n; } private: int n = 0; };
class Mixed { public: int a = 0; private: int b = 0; public: int geta() const { return a + b; } };
struct WithRef { int& r; };
struct Base { int a; };
struct Derived : Base { int b; };
struct EmptyBase {};
struct OnlyDerivedData : EmptyBase { int b; };
struct VBase { int v; };
struct Diamond : virtual VBase { };
struct Holder { Circle c; };
struct PointerHolder { Circle* c; Point p; };
struct Node { Node* next; std::int32_t value; };
class Handle { public: virtual void run() {} };
struct Plain : Point { };
struct Final final : Counter { };
enum class Color { Red, Green };
struct Tagged { Color color; unsigned flags : 3; };
struct Nested { Point a; Point b[2]; };
struct OverrideOnly : Handle { void run() override {} };
struct HasString { std::string s; };
`;

test('polymorphic and standard-layout facts agree with g++ wherever they are claimed', async () => {
  const host = await sharedHost();
  const file = host.openFile('classes.hpp', 'cpp', CLASSES);
  try {
    const model = cppFileModel(file.tree!, file.text);
    const asserts: string[] = [];
    let claimed = 0;
    for (const name of model.classes.keys()) {
      const f = classFacts(model, name);
      if (f.polymorphic !== undefined) { claimed++; asserts.push(`static_assert(std::is_polymorphic_v<${name}> == ${f.polymorphic}, "polymorphic ${name}");`); }
      if (f.standardLayout !== undefined) { claimed++; asserts.push(`static_assert(std::is_standard_layout_v<${name}> == ${f.standardLayout}, "standard-layout ${name}");`); }
    }
    // Everything but HasString (std::string is the library's business) is decided.
    assert.equal(claimed, 2 * model.classes.size - 1, asserts.join('\n'));
    assert.equal(classFacts(model, 'Circle').reasons[0], 'virtual function `area`');
    assert.equal(classFacts(model, 'Shape').polymorphic, true);
    assert.equal(classFacts(model, 'Point').standardLayout, true);
    assert.equal(classFacts(model, 'HasString').standardLayout, undefined);
    if (!haveTool('g++')) return;
    assert.equal(cxxSyntaxErrors(`${CLASSES}\n#include <type_traits>\n${asserts.join('\n')}\n`), '');
  } finally {
    file.dispose();
  }
});
