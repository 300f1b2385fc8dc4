// Blanking a C prelude's function prototypes: what is blanked, what is kept, and that every
// character keeps its place.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blankPrototypes } from './c-prototypes.ts';

function blanked(text: string): string {
  const out = blankPrototypes(text);
  assert.equal(out.length, text.length, 'blanking keeps every offset');
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') assert.equal(out[i], c, `line break at ${i} kept`);
    else assert.ok(out[i] === c || out[i] === ' ', `character ${i} is itself or a space`);
  }
  return out;
}

/** A statement is blanked when the whole of it became spaces, line breaks kept. */
function isBlank(s: string): boolean {
  return /^[ \r\n]*$/.test(s);
}

const BLANKED: Array<[string, string]> = [
  ['a plain prototype', 'int f(void);'],
  ['no parameters (old style, no identifier list)', 'int f();'],
  ['a pointer result', 'extern PyObject * PyList_New(Py_ssize_t size);'],
  ['stars and qualifiers', 'const char *const *names(int n);'],
  ['visibility attribute before the type', 'extern __attribute__((visibility("default"))) PyObject * PyList_New(Py_ssize_t size);'],
  ['glibc attributes after the parameters', 'extern int atoi (const char *__nptr)\n__attribute__ ((__nothrow__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1)));'],
  ['an asm label', 'extern int mkstemp (char *__template) __asm__ ("" "mkstemp64")\n__attribute__ ((__nonnull__ (1)));'],
  ['asm and __asm spellings', 'int g(int) asm("g2"); int h(int) __asm("h2");'],
  ['__extension__', '__extension__ extern long long int atoll (const char *__nptr);'],
  ['__extension__ on its own line', '__extension__\nextern long long int strtoq (const char *__restrict __nptr,\nchar **__restrict __endptr, int __base)\n__attribute__ ((__nothrow__));'],
  ['a multi-line parameter list with function pointers', 'extern void qsort (void *__base, size_t __nmemb, size_t __size,\n  int (*__compar)(const void *, const void *));'],
  ['variadic, arrays in parameters', 'int printf(const char *fmt, ...); int pipe(int fds[2]);'],
  ['__declspec', '__declspec(dllimport) int __stdcall f(int);'],
  ['static inline prototype', 'static inline int f(int x);'],
  ['CRLF line breaks', 'extern int f(int a,\r\n  int b)\r\n  __attribute__((x));'],
  ['comments inside', 'int /* c */ f(int /* { = } */ a) /* ; */;'],
  ['a string with ;{} in an attribute', 'int f(void) __attribute__((deprecated("use g(); { } = instead")));'],
  ['a char literal in an attribute', "int f(void) __attribute__((section(\"x;\"), alias(')')));"],
];

const KEPT: Array<[string, string]> = [
  ['a typedef of a function type', 'typedef int handler(int);'],
  ['a typedef of a function pointer', 'typedef int (*handler_t)(int);'],
  ['__extension__ typedef', '__extension__ typedef int f_t(void);'],
  ['struct in the return type', 'struct tm *localtime(const time_t *t);'],
  ['struct in a parameter', 'int gettimeofday(struct timeval *tv, void *tz);'],
  ['union in a parameter', 'int f(union u *p);'],
  ['enum in the return type', 'enum color pick(void);'],
  ['an extern struct variable', 'extern struct foo x;'],
  ['a variable', 'extern int errno_value;'],
  ['a variable with attributes', 'extern __attribute__((visibility("default"))) PyTypeObject PyList_Type;'],
  ['a function pointer variable', 'extern int (*hook)(int);'],
  ['a function returning a function pointer', 'void (*signal(int sig, void (*func)(int)))(int);'],
  ['two declarators', 'int f(void), g(void);'],
  ['a prototype and a variable', 'int f(void), x;'],
  ['an initialised variable', 'int x = f(1);'],
  ['= in an attribute', 'int f(void) __attribute__((availability(macos, introduced=10.0)));'],
  ['a brace', 'int f(int a[sizeof(struct { int x; })]);'],
  ['_Static_assert', '_Static_assert(sizeof(int) == 4, "int");'],
  ['static_assert', 'static_assert(1, "one");'],
  ['_Static_assert without =', '_Static_assert(sizeof(long) > 2, "long");'],
  ['typeof in the return type', 'extern typeof(x) f(void);'],
  ['_Atomic(type)', 'extern _Atomic(int) f(void);'],
  ['a macro-like call before the declaration', 'DEPRECATED(3.0) int f(void);'],
  ['no type before the name', 'f(void);'],
  ['a top-level asm statement', '__asm__(".symver a,b@V1");'],
  ['a string outside an attribute', 'int f(const char *p = "x");'],
  ['something after the parameter list', 'int f(void) [3];'],
  ['an attribute between name and parameters', 'int f __attribute__((x)) (void);'],
  ['a star before any word', '*f(void);'],
  ['unbalanced parentheses', 'int f(int;'],
  ['a keeping word even in a string (the keep-words are found before statements are read)', 'int f(void) __attribute__((deprecated("use struct s")));'],
  ['a K&R definition', 'int f(a) int a; { return a; }'],
];

describe('blankPrototypes', () => {
  for (const [what, text] of BLANKED) {
    it(`blanks ${what}`, () => {
      const out = blanked(text);
      assert.ok(isBlank(out), `blanked: ${JSON.stringify(out)}`);
    });
  }
  for (const [what, text] of KEPT) {
    it(`keeps ${what}`, () => {
      assert.equal(blanked(text), text);
    });
  }

  it('a definition is kept, and the prototypes around it blanked', () => {
    const text = 'int a(void);\nstatic inline int sq(int x) { return x * x; }\nint b(void);\n';
    const out = blanked(text);
    assert.equal(out, '            \nstatic inline int sq(int x) { return x * x; }\n            \n');
  });

  it('a struct definition is one statement with what follows its `}`', () => {
    // `} const *f(void);` belongs to the struct's declaration: blanking it would break the struct.
    for (const text of ['struct s { int i; } const *f(void);', 'struct __attribute__((packed)) { int i; } const *f(void);']) {
      assert.equal(blanked(text), text);
    }
    assert.equal(blanked('struct s { int i; };\nint f(void);'), 'struct s { int i; };\n            ');
  });

  it('#pragma lines are never blanked, and a statement around one is kept', () => {
    const text = '#pragma pack(push, 1)\nint f(void);\n#pragma pack(pop)\nint g(int a,\n#pragma pack(push, 2)\n int b);\n#pragma pack(pop)\n';
    const out = blanked(text);
    assert.equal(out, '#pragma pack(push, 1)\n            \n#pragma pack(pop)\nint g(int a,\n#pragma pack(push, 2)\n int b);\n#pragma pack(pop)\n');
  });

  it('a #pragma line right after a prototype, with no line break between them in the statement', () => {
    const text = 'int f(void);\n  #  pragma pack(4)\nint g(void);';
    const out = blanked(text);
    assert.equal(out, '            \n  #  pragma pack(4)\n            ');
  });

  it('string and char literals holding ; { } = do not end or open statements', () => {
    const text = 'char *s = "a; { b";\nint f(void);\nchar c = \'}\';\nint g(void);\nint h(void) __attribute__((deprecated("}; x = {")));';
    const out = blanked(text);
    assert.equal(out, 'char *s = "a; { b";\n            \nchar c = \'}\';\n            \n' + ' '.repeat('int h(void) __attribute__((deprecated("}; x = {")));'.length));
  });

  it('an escaped quote in a literal', () => {
    const text = 'char *s = "\\"; int f(void);";\nint g(void);';
    assert.equal(blanked(text), 'char *s = "\\"; int f(void);";\n            ');
  });

  it('prototypes inside a record or function body are not top level', () => {
    const text = 'struct s { int (*f)(void); };\nvoid g(void) { int h(void); }\n';
    assert.equal(blanked(text), text);
  });

  it('a text with nothing to blank is returned as is', () => {
    const text = 'typedef struct { int a; } t;\n';
    assert.equal(blankPrototypes(text), text);
  });

  it('characters outside Latin-1 keep their places', () => {
    const text = 'int f(void) __attribute__((deprecated("😀 é")));\nchar *s = "😀";\nint g(void);';
    assert.equal(blanked(text), ' '.repeat('int f(void) __attribute__((deprecated("😀 é")));'.length) + '\nchar *s = "😀";\n            ');
  });
});
