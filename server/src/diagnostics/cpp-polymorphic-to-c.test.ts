import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cppActionsAt, cppDiagnostics } from '../../../test/support/cpp.ts';

const CODE = 'cpp-polymorphic-to-c';

const SHAPES = `struct Shape { virtual ~Shape() {} virtual double area() const = 0; };
struct Point { double x, y; };
class Account { public: int id; private: long balance; };
`;

test('polymorphic and non-standard-layout classes in C signatures are reported, each signature once', async () => {
  const src = `${SHAPES}extern "C" {
double shape_area(const Shape* s);
Point shape_center(Shape& s);
int account_id(Account a);
}
double shape_area(const Shape* s) { return s->area(); }
`;
  const ds = await cppDiagnostics(src, [CODE]);
  assert.deepEqual(ds.map((d) => `${src.slice(d.start, d.end)}: ${/crosses into C (by value|by reference|through a pointer)/.exec(d.message)![1]}`), [
    'Shape: through a pointer', 'Shape: by reference', 'Account: by value',
  ]);
  assert.match(ds[0]!.message, /`Shape` is polymorphic \(virtual destructor `~Shape`\)/);
  assert.match(ds[0]!.message, /typedef struct Shape Shape;/);
  assert.match(ds[2]!.message, /`Account` is not standard-layout \(data members with different access/);
  assert.equal(src.slice(ds[0]!.related[0]!.start, ds[0]!.related[0]!.end), 'Shape');
});

test('not reported: standard-layout structs, C++ linkage, or a pointer used as an opaque handle', async () => {
  assert.deepEqual(await cppDiagnostics(`${SHAPES}extern "C" double dist(Point a, const Point* b);`, [CODE]), []);
  assert.deepEqual(await cppDiagnostics(`${SHAPES}double area(const Shape& s);`, [CODE]), []);
  assert.deepEqual(await cppDiagnostics(`${SHAPES}struct shape_handle;\nextern "C" double area(shape_handle* h) { return reinterpret_cast<Shape*>(h)->area(); }`, [CODE]), []);
  assert.deepEqual(await cppDiagnostics(`${SHAPES}extern "C" void shape_destroy(Shape* s) { if (!s) return; delete static_cast<Shape*>(s); }`, [CODE]), []);
});

test('the generated handle API of a polymorphic class is not reported', async () => {
  const { text, actions } = await cppActionsAt(`struct $0Animal { virtual ~Animal() {} virtual int legs() const { return 4; } };\n`, 'animal.cpp');
  const edit = actions.find((a) => a.id === 'cpp-generate-handle-api')!.edits[0]!;
  const whole = (text + edit.text).replace(/#include "animal_c_api\.h"\n/, 'typedef struct Animal Animal;\ntypedef int animal_status;\nenum { ANIMAL_OK, ANIMAL_ERR_NULL = -1, ANIMAL_ERR_NOMEM = -2, ANIMAL_ERR_EXCEPTION = -3, ANIMAL_ERR_UNKNOWN = -4, ANIMAL_ERR_TRUNCATED = -5 };\n');
  assert.deepEqual((await cppDiagnostics(whole, [CODE])).map((d) => d.message), []);
});
