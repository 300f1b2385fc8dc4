// What the C++ standard library throws, as data: the standard exception
// hierarchy (for matching `catch` clauses) and the operations that throw
// (for finding throw sites the user did not write). Names are canonical:
// `std::` spelled out, no qualifiers.
import { plainType } from './syntax.ts';

/** A thrown type we cannot name: only `catch (...)` stops it. */
export const UNKNOWN_TYPE = '...';

/** Each standard exception's direct base ([std.exceptions], [support.exception]). */
const STD_BASE: Readonly<Record<string, string>> = {
  logic_error: 'exception', invalid_argument: 'logic_error', domain_error: 'logic_error', length_error: 'logic_error',
  out_of_range: 'logic_error', future_error: 'logic_error',
  runtime_error: 'exception', range_error: 'runtime_error', overflow_error: 'runtime_error', underflow_error: 'runtime_error',
  system_error: 'runtime_error', regex_error: 'runtime_error', format_error: 'runtime_error', nonexistent_local_time: 'runtime_error',
  bad_alloc: 'exception', bad_array_new_length: 'bad_alloc', bad_cast: 'exception', bad_any_cast: 'bad_cast',
  bad_typeid: 'exception', bad_function_call: 'exception', bad_weak_ptr: 'exception', bad_exception: 'exception',
  bad_variant_access: 'exception', bad_optional_access: 'exception',
};
const STD_NAMES = new Set(['exception', ...Object.keys(STD_BASE)]);

/** `const std::out_of_range&` and (after `using namespace std`) `out_of_range` -> `std::out_of_range`. */
export function canonicalType(text: string): string {
  const p = plainType(text);
  const bare = p.startsWith('std::') ? p.slice(5) : p;
  return STD_NAMES.has(bare) ? `std::${bare}` : p;
}

export function stdBaseOf(canonical: string): string | undefined {
  const base = canonical.startsWith('std::') ? STD_BASE[canonical.slice(5)] : undefined;
  return base ? `std::${base}` : undefined;
}

export function isStdException(canonical: string): boolean {
  return canonical.startsWith('std::') && STD_NAMES.has(canonical.slice(5));
}

const ALLOC = ['std::bad_alloc'];

/** Free functions of namespace std that throw, by unqualified name. */
export const THROWING_STD_FUNCTIONS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ...['stoi', 'stol', 'stoll', 'stoul', 'stoull', 'stof', 'stod', 'stold'].map((n): [string, readonly string[]] => [n, ['std::invalid_argument', 'std::out_of_range']]),
  ['to_string', ALLOC], ['to_wstring', ALLOC], ['make_unique', ALLOC], ['make_shared', ALLOC], ['allocate_shared', ALLOC],
  ['visit', ['std::bad_variant_access']],
  ['rethrow_exception', [UNKNOWN_TYPE]], ['throw_with_nested', [UNKNOWN_TYPE]], ['rethrow_if_nested', [UNKNOWN_TYPE]],
]);

/** Names that are only taken as the standard's when written `std::name` (too common to assume otherwise). */
export const STD_ONLY_WHEN_QUALIFIED = new Set(['to_string', 'visit', 'get', 'any_cast', 'function']);

/** Member functions that throw on every standard type that has them. */
export const THROWING_METHODS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['at', ['std::out_of_range']], ['substr', ['std::out_of_range']],
  ...['push_back', 'emplace_back', 'push_front', 'emplace_front', 'emplace', 'emplace_hint', 'insert', 'insert_or_assign',
    'try_emplace', 'append', 'assign', 'shrink_to_fit'].map((n): [string, readonly string[]] => [n, ALLOC]),
  ['resize', ['std::bad_alloc', 'std::length_error']], ['reserve', ['std::bad_alloc', 'std::length_error']],
]);

const CONTAINER = /^(std::)?(vector|deque|list|forward_list|map|multimap|set|multiset|unordered_map|unordered_set|unordered_multimap|unordered_multiset|basic_string|string|wstring|u8string|u16string|u32string)\b/;

/** A standard container or string type (by its written name): constructing one with contents allocates. */
export function isAllocatingType(type: string): boolean {
  return CONTAINER.test(plainType(type));
}

export function isStringType(type: string): boolean {
  return /^(std::)?(w|u8|u16|u32)?string$|^(std::)?basic_string</.test(plainType(type));
}

export const isStdFunctionType = (type: string): boolean => /^(std::)?function</.test(plainType(type));
export const isMapType = (type: string): boolean => /^(std::)?(unordered_)?map</.test(plainType(type));
export const isOptionalType = (type: string): boolean => /^(std::)?optional</.test(plainType(type));
/** `std::get` on these does not throw (it is checked at compile time). */
export const isTupleLikeType = (type: string): boolean => /^(std::)?(tuple|pair|array)</.test(plainType(type));
