import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexText, SymbolIndex } from './symbol-index.ts';

test('records, enums, typedefs (plain, function pointer, several) and prototypes, with their positions', () => {
  const text = [
    '#ifndef H', '#define H', 'extern "C" {',
    'struct point { int x, y; };',
    'typedef struct { int a; } anon_t, *anon_p;',
    'typedef int (*callback)(int, void *);',
    'typedef unsigned long size_type __attribute__((aligned(8)));',
    'enum color { RED, GREEN };',
    'union __attribute__((packed)) u { char c; };',
    'extern int open_file(const char *path, int flags) __attribute__((nonnull(1)));',
    'static inline int twice(int x) { struct local { int z; } l; return x * 2; }',
    'int (*not_a_function)(void);',
    'int after;',
    '}',
    'typedef struct _object PyObject;',
    '#endif',
  ].join('\n');
  const got = indexText(text).map((e) => `${e.kind} ${e.name} ${e.line}:${e.character}`);
  assert.deepEqual(got, [
    'struct point 3:7',
    'typedef anon_t 4:26',
    'typedef anon_p 4:35',
    'typedef callback 5:14',
    'typedef size_type 6:22',
    'enum color 7:5',
    'union u 8:30',
    'function open_file 9:11',
    'function twice 10:18',
    'struct local 10:40',
    'typedef PyObject 14:23',
  ]);
});

test('the index replaces a file\'s entries and finds names exactly or by substring', () => {
  const index = new SymbolIndex();
  index.set('/a.h', indexText('struct sockaddr_in { int x; };\ntypedef int in_port_t;\n'));
  index.set('/b.h', indexText('struct sockaddr_in6 { int y; };\n'));
  assert.deepEqual(index.lookup('sockaddr_in').map((h) => `${h.path} ${h.kind} ${h.line}`), ['/a.h struct 0']);
  assert.deepEqual(index.search('SOCKADDR', 10).map((h) => h.name).sort(), ['sockaddr_in', 'sockaddr_in6']);
  index.set('/a.h', indexText('typedef int in_port_t;\n'));
  assert.deepEqual(index.lookup('sockaddr_in'), []);
  index.remove('/b.h');
  assert.equal(index.fileCount, 1);
  assert.equal(index.entryCount, 1);
});
