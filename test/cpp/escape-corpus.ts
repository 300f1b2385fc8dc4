// The labelled corpus for the exception-escape diagnostics: small C++ files
// written for the test, each with the functions that must be reported.
// `escapes`: cpp-exception-escapes-c expected on these functions (C linkage, an
// exception can leave them); `terminates`: cpp-noexcept-throws expected (a
// noexcept function or destructor that can throw). Every other function of the
// case must not be reported. Every case is also compiled with g++, so the
// corpus is C++ a compiler accepts. Cases with `files` span several files of a
// workspace (calls into functions another file defines).

export interface EscapeCase {
  readonly name: string;
  readonly code: string;
  readonly escapes: readonly string[];
  readonly terminates?: readonly string[];
  /**
   * Other files of the workspace, by path relative to the case's folder (the case itself is
   * `src/api.cpp`; `include/` is an include directory): headers it includes and the files defining
   * what they declare. Only `code`'s functions are labelled.
   */
  readonly files?: Readonly<Record<string, string>>;
}

/** Included before every case (also when compiling it). */
export const PRELUDE = `#include <any>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <typeinfo>
#include <variant>
#include <vector>
`;

export const ESCAPE_CORPUS: readonly EscapeCase[] = [
  { name: 'direct throw', escapes: ['f'], code: `extern "C" int f(int x) { if (x < 0) throw std::runtime_error("negative"); return x; }` },
  { name: 'throw caught by catch-all', escapes: [], code: `extern "C" int f(int x) { try { if (x < 0) throw std::runtime_error("neg"); return x; } catch (...) { return -1; } }` },
  { name: 'throw caught by std::exception base', escapes: [], code: `extern "C" int f(int x) { try { if (x < 0) throw std::runtime_error("neg"); return x; } catch (const std::exception& e) { return -1; } }` },
  { name: 'int thrown past a std::exception handler', escapes: ['f'], code: `extern "C" int f(int x) { try { if (x < 0) throw 42; return x; } catch (const std::exception&) { return -1; } }` },
  { name: 'vector::at in an extern "C" block', escapes: ['get'], code: `static std::vector<int> items;\nextern "C" {\nint get(int i) { return items.at(i); }\n}` },
  { name: 'vector::at caught as out_of_range', escapes: [], code: `static std::vector<int> items;\nextern "C" int get(int i) { try { return items.at(i); } catch (const std::out_of_range&) { return -1; } }` },
  { name: 'stoi caught only for out_of_range', escapes: ['parse'], code: `extern "C" int parse(const char* s) { try { return std::stoi(s); } catch (const std::out_of_range&) { return -1; } }` },
  { name: 'stoi caught as logic_error', escapes: [], code: `extern "C" int parse(const char* s) { try { return std::stoi(s); } catch (const std::logic_error&) { return -1; } }` },
  { name: 'new[] without nothrow', escapes: ['make'], code: `extern "C" int* make(int n) { return new int[n]; }` },
  { name: 'new (std::nothrow)', escapes: [], code: `extern "C" int* make(int n) { return new (std::nothrow) int[n]; }` },
  { name: 'push_back grows a container', escapes: ['add'], code: `static std::vector<int> items;\nextern "C" void add(int v) { items.push_back(v); }` },
  { name: 'indexing and size do not throw', escapes: [], code: `static std::vector<int> items;\nextern "C" int get(unsigned i) { return i < items.size() ? items[i] : -1; }` },
  { name: 'std::function call', escapes: ['run'], code: `static std::function<int(int)> handler;\nextern "C" int run(int x) { return handler(x); }` },
  { name: 'C function pointer call', escapes: [], code: `extern "C" int run(int (*cb)(int), int x) { return cb ? cb(x) : -1; }` },
  { name: 'dynamic_cast to a reference', escapes: ['as_derived'], code: `struct B { virtual ~B() {} };\nstruct D : B { int v = 1; };\nextern "C" int as_derived(B* b) { return dynamic_cast<D&>(*b).v; }` },
  { name: 'dynamic_cast to a pointer', escapes: [], code: `struct B { virtual ~B() {} };\nstruct D : B { int v = 1; };\nextern "C" int as_derived(B* b) { D* d = dynamic_cast<D*>(b); return d ? d->v : -1; }` },
  { name: 'any_cast by value', escapes: ['read'], code: `static std::any slot;\nextern "C" int read(void) { return std::any_cast<int>(slot); }` },
  { name: 'any_cast of a pointer', escapes: [], code: `static std::any slot;\nextern "C" int read(void) { const int* p = std::any_cast<int>(&slot); return p ? *p : -1; }` },
  { name: 'std::get on a variant', escapes: ['read'], code: `static std::variant<int, float> value;\nextern "C" int read(void) { return std::get<int>(value); }` },
  { name: 'std::get on a tuple', escapes: [], code: `static std::tuple<int, float> value;\nextern "C" int read(void) { return std::get<0>(value); }` },
  { name: 'std::string from a C string', escapes: ['len'], code: `extern "C" int len(const char* s) { std::string copy = s; return (int)copy.size(); }` },
  { name: 'string concatenation', escapes: ['greet'], code: `static std::string last;\nextern "C" const char* greet(const char* who) { last = std::string("hello ") + who; return last.c_str(); }` },
  { name: 'string_view and strlen', escapes: [], code: `extern "C" int len(const char* s) { std::string_view v(s, std::strlen(s)); return (int)v.size(); }` },
  { name: 'transitive through two helpers', escapes: ['api'], code: `static int leaf(int x) { if (x > 10) throw std::range_error("big"); return x; }\nstatic int mid(int x) { return leaf(x) * 2; }\nextern "C" int api(int x) { return mid(x); }` },
  { name: 'transitive, caught in the middle', escapes: [], code: `static int leaf(int x) { if (x > 10) throw std::range_error("big"); return x; }\nstatic int mid(int x) { try { return leaf(x) * 2; } catch (const std::runtime_error&) { return 0; } }\nextern "C" int api(int x) { return mid(x); }` },
  { name: 'through a method call', escapes: ['store_get'], code: `class Store { public: int get(int i) const { return v.at(i); } private: std::vector<int> v; };\nstatic Store store;\nextern "C" int store_get(int i) { return store.get(i); }` },
  { name: 'noexcept callee terminates instead', escapes: [], terminates: ['helper'], code: `static int helper(int x) noexcept { if (x < 0) throw std::invalid_argument("x"); return x; }\nextern "C" int api(int x) { return helper(x); }` },
  { name: 'declared extern "C" earlier, defined later', escapes: ['lib_open'], code: `extern "C" { int lib_open(const char* path); }\nint lib_open(const char* path) { if (!path) throw std::invalid_argument("path"); return 0; }` },
  { name: 'C++ linkage may throw', escapes: [], code: `int cxx_only(int x) { if (x < 0) throw std::runtime_error("neg"); return x; }` },
  { name: 'member of a class inside extern "C" has C++ linkage', escapes: [], code: `extern "C" {\nstruct Obj { int get(int i) { if (i < 0) throw 1; return i; } };\n}` },
  { name: 'rethrow from a handler', escapes: ['f'], code: `static void work(int x) { if (x) throw std::runtime_error("w"); }\nextern "C" int f(int x) { try { work(x); } catch (const std::exception&) { throw; } return 0; }` },
  { name: 'handler swallows everything', escapes: [], code: `static void work(int x) { if (x) throw std::runtime_error("w"); }\nextern "C" int f(int x) { try { work(x); } catch (...) { return -1; } return 0; }` },
  { name: 'handler throws a new exception', escapes: ['f'], code: `static void work(int x) { if (x) throw std::runtime_error("w"); }\nextern "C" int f(int x) { try { work(x); } catch (const std::exception& e) { throw std::logic_error("wrapped"); } return 0; }` },
  { name: 'user exception caught by an unrelated type', escapes: ['f'], code: `struct BaseError {};\nstruct IoError : BaseError {};\nstruct ParseError {};\nextern "C" int f(int x) { try { if (x) throw IoError{}; } catch (const ParseError&) { return -2; } return 0; }` },
  { name: 'user exception caught by its base', escapes: [], code: `struct BaseError {};\nstruct IoError : BaseError {};\nextern "C" int f(int x) { try { if (x) throw IoError{}; } catch (const BaseError&) { return -2; } return 0; }` },
  { name: 'map operator[] inserts', escapes: ['count'], code: `static std::map<std::string, int> counts;\nextern "C" int count(const char* k) { return ++counts[k]; }` },
  { name: 'map::find does not throw', escapes: [], code: `static std::map<int, int> counts;\nextern "C" int count(int k) { auto it = counts.find(k); return it == counts.end() ? 0 : it->second; }` },
  { name: 'make_unique', escapes: ['create'], code: `struct Thing { int v = 0; };\nextern "C" void* create(void) { return std::make_unique<Thing>().release(); }` },
  { name: 'optional::value', escapes: ['read'], code: `static std::optional<int> cached;\nextern "C" int read(void) { return cached.value(); }` },
  { name: 'optional::value_or', escapes: [], code: `static std::optional<int> cached;\nextern "C" int read(void) { return cached.value_or(-1); }` },
  { name: 'to_string', escapes: ['fmt'], code: `static std::string buf;\nextern "C" const char* fmt(int x) { buf.clear(); std::string s = std::to_string(x); return s.empty() ? nullptr : buf.c_str(); }` },
  { name: 'throwing constructor of a file class', escapes: ['widget_check'], code: `class Widget { public: explicit Widget(int n) { if (n < 0) throw std::invalid_argument("n"); } };\nextern "C" int widget_check(int n) { Widget w(n); return 0; }` },
  { name: 'throwing constructor inside try', escapes: [], code: `class Widget { public: explicit Widget(int n) { if (n < 0) throw std::invalid_argument("n"); } };\nextern "C" int widget_check(int n) { try { Widget w(n); } catch (...) { return -1; } return 0; }` },
  { name: 'mutual recursion with a throw', escapes: ['api'], code: `static int odd(int n);\nstatic int even(int n) { if (n < 0) throw std::domain_error("neg"); return n == 0 ? 1 : odd(n - 1); }\nstatic int odd(int n) { return n == 0 ? 0 : even(n - 1); }\nextern "C" int api(int n) { return odd(n); }` },
  { name: 'recursion without a throw', escapes: [], code: `static int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }\nextern "C" int api(int n) { return fact(n); }` },
  { name: 'noexcept function using at()', escapes: [], terminates: ['first'], code: `static std::vector<int> items;\nint first() noexcept { return items.at(0); }` },
  { name: 'throwing destructor', escapes: [], terminates: ['~Guard'], code: `struct Guard { int fd = -1; ~Guard() { if (fd < 0) throw std::runtime_error("bad fd"); } };` },
  { name: 'destructor declared noexcept(false)', escapes: [], code: `struct Guard { int fd = -1; ~Guard() noexcept(false) { if (fd < 0) throw std::runtime_error("bad fd"); } };` },
  { name: 'function-try-block that rethrows', escapes: ['f'], code: `static void work(int x) { if (x) throw std::runtime_error("w"); }\nextern "C" int f(int x) try { work(x); return 0; } catch (const std::exception&) { throw; }` },
  { name: 'function-try-block that returns', escapes: [], code: `static void work(int x) { if (x) throw std::runtime_error("w"); }\nextern "C" int f(int x) try { work(x); return 0; } catch (...) { return -1; }` },
  { name: 'vector constructed with a size', escapes: ['sum'], code: `extern "C" int sum(int n) { std::vector<int> v(n); int s = 0; for (int x : v) s += x; return s; }` },
  { name: 'default-constructed vector', escapes: [], code: `extern "C" int sum(void) { std::vector<int> v; return (int)v.size(); }` },
  { name: 'captureless lambda called in place', escapes: ['f'], code: `extern "C" int f(int x) { auto check = [](int v) { if (v < 0) throw std::invalid_argument("v"); return v; }; return check(x); }` },
  { name: 'explicit noexcept(false) on a C function', escapes: ['f'], code: `extern "C" int f(int x) noexcept(false) { if (x) throw std::runtime_error("x"); return 0; }` },
  { name: 'noexcept C function that throws terminates', escapes: [], terminates: ['f'], code: `extern "C" int f(int x) noexcept { if (x) throw std::runtime_error("x"); return 0; }` },
  { name: 'string += ', escapes: ['append'], code: `static std::string log_text;\nextern "C" void append(const char* s) { log_text += s; }` },
  { name: 'two thrown types, one caught', escapes: ['f'], code: `struct A {};\nstruct B {};\nextern "C" int f(int x) { try { if (x == 1) throw A{}; if (x == 2) throw B{}; } catch (const A&) { return -1; } return 0; }` },
  { name: 'two thrown types, both caught', escapes: [], code: `struct A {};\nstruct B {};\nextern "C" int f(int x) { try { if (x == 1) throw A{}; if (x == 2) throw B{}; } catch (const A&) { return -1; } catch (const B&) { return -2; } return 0; }` },
  { name: 'unknown thrown type is not stopped by std::exception', escapes: ['f'], code: `struct Err { int code; };\nstatic Err make_error(int c) { return Err{c}; }\nextern "C" int f(int x) { try { if (x) throw make_error(x); } catch (const std::exception&) { return -1; } return 0; }` },
  { name: 'using namespace std', escapes: [], code: `using namespace std;\nstatic vector<int> items;\nextern "C" int get(int i) { try { return items.at(i); } catch (exception& e) { return -1; } }` },
  { name: 'C library calls only', escapes: [], code: `extern "C" int copy(char* dst, const char* src, unsigned n) { if (!dst || !src) return -1; std::strncpy(dst, src, n); return (int)std::strlen(dst); }` },
  { name: 'throw in a nested block of a handler-less try', escapes: ['f'], code: `extern "C" int f(int x) { for (int i = 0; i < x; i++) { if (i == 3) { throw std::overflow_error("three"); } } return 0; }` },
  { name: 'throw only inside a lambda that is never called', escapes: [], code: `extern "C" int f(int x) { auto never = [](int v) { if (v) throw 1; return v; }; (void)never; return x; }` },
  { name: 'qualified call to a static member that throws', escapes: ['f'], code: `struct Parser { static int parse(const char* s) { if (!s) throw std::invalid_argument("null"); return 1; } };\nextern "C" int f(const char* s) { return Parser::parse(s); }` },
  { name: 'throwing overloaded operator of a file class', escapes: ['f'], code: `struct M { int v; M operator+(const M& o) const { if (v < 0) throw std::range_error("neg"); return M{v + o.v}; } };\nextern "C" int f(int x) { M a{x}, b{1}; M c = a + b; return c.v; }` },
  // Was a known false positive (the receiver's type is not written); auto now takes the type of a file function's result.
  { name: 'noexcept at() of a file class behind auto&', escapes: [], code: `struct Table { int at(int i) const noexcept { return i; } };\nstatic Table table;\nstatic Table& the_table() { return table; }\nextern "C" int f(int i) { auto& t = the_table(); return t.at(i); }` },
  // Written after the analysis, as it would meet them, not tuned to it:
  { name: 'member initialiser that throws, via new', escapes: ['make_conn'], code: `static int checked(int fd) { if (fd < 0) throw std::invalid_argument("fd"); return fd; }\nstruct Conn { int fd; explicit Conn(int f) : fd(checked(f)) {} };\nextern "C" void* make_conn(int fd) { return new (std::nothrow) Conn(fd); }` },
  { name: 'vector copy', escapes: ['snapshot'], code: `static std::vector<int> items;\nextern "C" int snapshot(void) { std::vector<int> copy = items; return (int)copy.size(); }` },
  { name: 'helper rethrows the exception in flight', escapes: ['f'], code: `[[noreturn]] static void rethrow_current() { throw; }\nstatic void work(int x) { if (x) throw std::runtime_error("w"); }\nextern "C" int f(int x) { try { work(x); } catch (...) { rethrow_current(); } return 0; }` },
  { name: 'std::sort with a throwing comparator', escapes: ['sort_it'], code: `#include <algorithm>\nstatic std::vector<int> items;\nextern "C" void sort_it(void) { std::sort(items.begin(), items.end(), [](int a, int b) { if (a == b) throw std::logic_error("dup"); return a < b; }); }` },
  { name: 'virtual call reaches a throwing override', escapes: ['run_task'], code: `struct Task { virtual ~Task() {} virtual void run() {} };\nstruct Failing : Task { void run() override { throw std::runtime_error("fail"); } };\nextern "C" void run_task(Task* t) { t->run(); }` },
  { name: 'strdup, snprintf and free', escapes: [], code: `extern "C" char* label(int n) { char buf[32]; std::snprintf(buf, sizeof buf, "item %d", n); return strdup(buf); }\nextern "C" void label_free(char* p) { std::free(p); }` },
  { name: 'reserve caught only as bad_alloc', escapes: ['grow'], code: `static std::vector<int> items;\nextern "C" int grow(unsigned n) { try { items.reserve(n); } catch (const std::bad_alloc&) { return -1; } return 0; }` },
  { name: 'extern "C" inside a namespace', escapes: ['lib_init'], code: `namespace lib { extern "C" int lib_init(int level) { if (level > 3) throw std::out_of_range("level"); return 0; } }` },
  { name: 'extern "C++" nested in extern "C"', escapes: [], code: `extern "C" {\nextern "C++" { int cxx_helper(int x) { if (x) throw 1; return 0; } }\nint c_entry(int x) { return x; }\n}` },
  { name: 'function-local static string', escapes: ['version'], code: `extern "C" const char* version(void) { static std::string v = std::string("1.") + "2"; return v.c_str(); }` },
  { name: 'noexcept chain: only the thrower terminates', escapes: [], terminates: ['inner'], code: `static int inner(int x) noexcept { if (x) throw 1; return 0; }\nstatic int outer(int x) noexcept { return inner(x); }\nextern "C" int api(int x) { return outer(x); }` },
  { name: 'std::thread construction', escapes: ['start'], code: `#include <thread>\nstatic void worker() {}\nextern "C" int start(void) { std::thread t(worker); t.detach(); return 0; }` },
  { name: 'catch by value of the base class', escapes: [], code: `struct AppError { int code; };\nstruct DiskError : AppError {};\nstatic void write_all(int n) { if (n < 0) throw DiskError{}; }\nextern "C" int save(int n) { try { write_all(n); } catch (AppError e) { return -e.code; } return 0; }` },
  // Labelled safe at first; the analysis was right: \`new Oops()\` itself can throw std::bad_alloc past catch (Oops*).
  { name: 'throw new: the allocation can throw past catch (Oops*)', escapes: ['f'], code: `struct Oops {};\nextern "C" int f(int x) { try { if (x) throw new Oops(); } catch (Oops* p) { delete p; return -1; } return 0; }` },
  // Second held-out batch, written before running the analysis on it:
  { name: 'std::regex construction', escapes: ['matches'], code: `#include <regex>\nextern "C" int matches(const char* pattern, const char* s) { std::regex re(pattern); return std::regex_search(s, re) ? 1 : 0; }` },
  { name: 'stoi caught as std::exception', escapes: [], code: `extern "C" int parse(const char* s) { try { return std::stoi(s); } catch (const std::exception&) { return -1; } }` },
  { name: 'throw in a switch default', escapes: ['mode_of'], code: `extern "C" int mode_of(int m) { switch (m) { case 0: return 10; case 1: return 20; default: throw std::invalid_argument("mode"); } }` },
  { name: 'noexcept behind a macro', escapes: [], terminates: ['f'], code: `#define MYLIB_NOEXCEPT noexcept\nextern "C" int f(int x) MYLIB_NOEXCEPT { if (x) throw 1; return 0; }` },
  { name: 'unordered_map::at', escapes: ['lookup'], code: `#include <unordered_map>\nstatic std::unordered_map<int, int> table;\nextern "C" int lookup(int k) { return table.at(k); }` },
  { name: 'string from pointer and length', escapes: ['hash'], code: `extern "C" unsigned hash(const char* buf, unsigned n) { std::string s(buf, n); return (unsigned)s.size() * 31u; }` },
  { name: 'C string thrown and caught as const char*', escapes: [], code: `extern "C" int f(int x) { try { if (x) throw "bad"; } catch (const char* m) { return m[0]; } return 0; }` },
  { name: 'system_error caught as runtime_error', escapes: [], code: `#include <system_error>\nextern "C" int f(int e) { try { if (e) throw std::system_error(e, std::generic_category()); } catch (const std::runtime_error&) { return -1; } return 0; }` },
  { name: 'function template that throws', escapes: ['parse_int'], code: `template <class T> T parse_as(const char* s) { if (!s) throw std::invalid_argument("null"); return T(1); }\nextern "C" int parse_int(const char* s) { return parse_as<int>(s); }` },
  { name: 'handler that logs with a std::string', escapes: ['f'], code: `static std::string last_message;\nstatic void work(int x) { if (x) throw std::runtime_error("w"); }\nextern "C" int f(int x) { try { work(x); } catch (const std::exception& e) { last_message = e.what(); return -1; } return 0; }` },
  { name: 'call_once with a throwing initialiser', escapes: ['init'], code: `#include <mutex>\nstatic std::once_flag once;\nstatic void load() { throw std::runtime_error("config"); }\nextern "C" void init(void) { std::call_once(once, [] { load(); }); }` },
  { name: 'method of a nested class defined out of line', escapes: ['get'], code: `struct Outer { struct Inner { int at_index(int i) const; std::vector<int> v; }; };\nint Outer::Inner::at_index(int i) const { return v.at(i); }\nstatic Outer::Inner inner;\nextern "C" int get(int i) { return inner.at_index(i); }` },
  { name: 'delete of an object (destructors do not throw)', escapes: [], code: `struct Res { ~Res() {} };\nextern "C" void res_free(void* p) { delete static_cast<Res*>(p); }` },
  // Overloads chosen by argument count (default arguments and `...` included):
  { name: 'overload by argument count: the non-throwing one', escapes: [], code: `static int pick(int x) { return x; }\nstatic int pick(int x, int y) { if (y) throw std::invalid_argument("y"); return x; }\nextern "C" int api(int x) { return pick(x); }` },
  { name: 'overload by argument count: the throwing one', escapes: ['api'], code: `static int pick(int x) { return x; }\nstatic int pick(int x, int y) { if (y) throw std::invalid_argument("y"); return x; }\nextern "C" int api(int x) { return pick(x, 1); }` },
  { name: 'overload with a default argument', escapes: ['api'], code: `static int scale(int x) { return x; }\nstatic int scale(int x, int by, int base = 0) { if (by < 0) throw std::domain_error("by"); return x * by + base; }\nextern "C" int api(int x) { return scale(x, 2); }` },
  { name: 'variadic overload', escapes: ['api'], code: `static int report(int code) { return code; }\nstatic int report(const char* fmt, ...) { throw std::runtime_error(fmt); }\nextern "C" int api(int x) { return report("bad %d %d", x, x); }` },
  { name: 'overloaded method by argument count', escapes: [], code: `struct Buf { std::vector<int> v; int get(int i) const { return i < (int)v.size() ? v[i] : -1; } int get(int i, int j) const { return v.at(i) + v.at(j); } };\nstatic Buf buf;\nextern "C" int api(int i) { return buf.get(i); }` },
  // Two or more files of a workspace: the callee is defined in another file.
  { name: 'other file: throw in the callee', escapes: ['api'], files: { 'src/parser.hpp': 'int parse(const char* s, int base);\n', 'src/parser.cpp': '#include "parser.hpp"\n#include <stdexcept>\nint parse(const char* s, int base) { if (!s) throw std::invalid_argument("null"); return base; }\n' },
    code: `#include "parser.hpp"\nextern "C" int api(const char* s) { return parse(s, 10); }` },
  { name: 'other file: the callee catches', escapes: [], files: { 'src/parser.hpp': 'int parse(const char* s, int base);\n', 'src/parser.cpp': '#include "parser.hpp"\n#include <string>\nint parse(const char* s, int base) { try { return std::stoi(s, nullptr, base); } catch (...) { return -1; } }\n' },
    code: `#include "parser.hpp"\nextern "C" int api(const char* s) { return parse(s, 10); }` },
  { name: 'other file: caught around the call', escapes: [], files: { 'src/parser.hpp': 'int parse(const char* s, int base);\n', 'src/parser.cpp': '#include "parser.hpp"\n#include <string>\nint parse(const char* s, int base) { return std::stoi(s, nullptr, base); }\n' },
    code: `#include "parser.hpp"\nextern "C" int api(const char* s) { try { return parse(s, 10); } catch (const std::exception&) { return -1; } }` },
  { name: 'other file: overload chosen by argument count', escapes: [], files: { 'src/parser.hpp': 'int parse(const char* s);\nint parse(const char* s, int base);\n', 'src/parser.cpp': '#include "parser.hpp"\n#include <string>\nint parse(const char* s) { return s ? 1 : 0; }\nint parse(const char* s, int base) { return std::stoi(s, nullptr, base); }\n' },
    code: `#include "parser.hpp"\nextern "C" int api(const char* s) { return parse(s); }` },
  { name: 'other file: method of a header class', escapes: ['store_get'], files: { 'include/store.hpp': '#include <vector>\nclass Store { public: int get(int i) const; private: std::vector<int> v; };\n', 'src/store.cpp': '#include "store.hpp"\nint Store::get(int i) const { return v.at(i); }\n' },
    code: `#include "store.hpp"\nstatic Store store;\nextern "C" int store_get(int i) { return store.get(i); }` },
  { name: 'other file: through a third file', escapes: ['api'], files: {
    'include/config.hpp': 'int load_config(const char* path);\n', 'src/config.cpp': '#include "config.hpp"\n#include "reader.hpp"\nint load_config(const char* path) { return read_all(path) > 0 ? 0 : -1; }\n',
    'include/reader.hpp': 'int read_all(const char* path);\n', 'src/reader.cpp': '#include "reader.hpp"\n#include <string>\nint read_all(const char* path) { std::string p = path; return (int)p.size(); }\n' },
    code: `#include "config.hpp"\nextern "C" int api(const char* path) { return load_config(path); }` },
  { name: 'other file: noexcept callee', escapes: [], files: { 'src/util.hpp': 'int checked(int x) noexcept;\n', 'src/util.cpp': '#include "util.hpp"\nint checked(int x) noexcept { return x < 0 ? 0 : x; }\n' },
    code: `#include "util.hpp"\nextern "C" int api(int x) { return checked(x); }` },
  { name: 'other file: C functions only', escapes: [], files: { 'src/cbuf.hpp': 'extern "C" int cbuf_len(const char* s);\n', 'src/cbuf.cpp': '#include "cbuf.hpp"\n#include <cstring>\nextern "C" int cbuf_len(const char* s) { return s ? (int)std::strlen(s) : 0; }\n' },
    code: `#include "cbuf.hpp"\nextern "C" int api(const char* s) { return cbuf_len(s) + 1; }` },
  // Lambdas: a body runs only where it is called; one handed to C is cpp-throwing-c-callback's, not an escape here.
  { name: 'throwing lambda handed to qsort', escapes: [], code: `extern "C" void sort_desc(int* a, unsigned n) { std::qsort(a, n, sizeof *a, [](const void* x, const void* y) -> int { if (x == y) throw std::logic_error("same"); return 0; }); }` },
  { name: 'throwing lambda returned as a C function pointer', escapes: [], code: `typedef int (*cmp_fn)(const void*, const void*);\nextern "C" cmp_fn get_cmp(void) { return [](const void* x, const void* y) -> int { if (x == y) throw 1; return 0; }; }` },
  { name: 'lambda converted to a function pointer, then called', escapes: ['f'], code: `extern "C" int f(int x) { int (*check)(int) = [](int v) { if (v < 0) throw std::invalid_argument("v"); return v; }; return check(x); }` },
  { name: 'lambda handed to qsort, then an at() after it', escapes: ['sort_first'], code: `static std::vector<int> items;\nextern "C" int sort_first(void) { std::qsort(items.data(), items.size(), sizeof(int), [](const void*, const void*) { return 0; }); return items.at(0); }` },
];
