// Names from `std`/`core`/`alloc` and `libc` that matter at an FFI boundary,
// recognised by their last path segment when the file has no item so named.
import type { ScalarKind } from '../../base/model.ts';

/** C types of `std::ffi`/`core::ffi`/`std::os::raw` and `libc`: the C scalar each is. */
export const C_SCALARS: ReadonlyMap<string, ScalarKind> = new Map<string, ScalarKind>([
  ['c_char', 'char'], ['c_schar', 'schar'], ['c_uchar', 'uchar'],
  ['c_short', 'short'], ['c_ushort', 'ushort'], ['c_int', 'int'], ['c_uint', 'uint'],
  ['c_long', 'long'], ['c_ulong', 'ulong'], ['c_longlong', 'llong'], ['c_ulonglong', 'ullong'],
  ['c_float', 'float'], ['c_double', 'double'],
  ['size_t', 'size'], ['ssize_t', 'ssize'], ['ptrdiff_t', 'ptrdiff'], ['intptr_t', 'intptr'], ['uintptr_t', 'uintptr'],
  ['c_ssize_t', 'ssize'], ['c_size_t', 'size'], ['c_ptrdiff_t', 'ptrdiff'],
  ['int8_t', 'schar'], ['uint8_t', 'uchar'], ['int16_t', 'short'], ['uint16_t', 'ushort'],
  ['int32_t', 'int'], ['uint32_t', 'uint'], ['int64_t', 'llong'], ['uint64_t', 'ullong'],
]);

/** Rust's primitive types as the layout model's scalars (sizes come from the target). */
export const RUST_PRIMS: ReadonlyMap<string, ScalarKind> = new Map<string, ScalarKind>([
  ['i8', 'schar'], ['u8', 'uchar'], ['i16', 'short'], ['u16', 'ushort'], ['i32', 'int'], ['u32', 'uint'],
  ['i64', 'llong'], ['u64', 'ullong'], ['i128', 'int128'], ['u128', 'uint128'],
  ['isize', 'ssize'], ['usize', 'size'], ['f32', 'float'], ['f64', 'double'], ['bool', 'bool'],
  // A Rust `char` is a 32-bit Unicode scalar value: laid out like char32_t, never FFI-safe.
  ['char', 'char32'],
]);

/** `NonZeroU32` and friends: the primitive each wraps. */
export const NONZERO_ALIASES: ReadonlyMap<string, string> = new Map([
  ['NonZeroU8', 'u8'], ['NonZeroU16', 'u16'], ['NonZeroU32', 'u32'], ['NonZeroU64', 'u64'], ['NonZeroU128', 'u128'], ['NonZeroUsize', 'usize'],
  ['NonZeroI8', 'i8'], ['NonZeroI16', 'i16'], ['NonZeroI32', 'i32'], ['NonZeroI64', 'i64'], ['NonZeroI128', 'i128'], ['NonZeroIsize', 'isize'],
]);

/** `repr(transparent)` wrappers of the standard library: same layout and ABI as their one type argument. */
export const TRANSPARENT_WRAPPERS: ReadonlySet<string> = new Set([
  'MaybeUninit', 'ManuallyDrop', 'Cell', 'UnsafeCell', 'SyncUnsafeCell', 'Wrapping', 'Saturating', 'Pin', 'AssertUnwindSafe',
]);

/** Zero-sized marker types. */
export const PHANTOMS: ReadonlySet<string> = new Set(['PhantomData', 'PhantomPinned']);

/** Standard library types with Rust's default representation (never FFI-safe by value). */
export const STD_RUST_REPR: ReadonlySet<string> = new Set([
  'String', 'Vec', 'VecDeque', 'HashMap', 'HashSet', 'BTreeMap', 'BTreeSet', 'Rc', 'Arc', 'RefCell', 'Mutex', 'RwLock',
  'CString', 'OsString', 'PathBuf', 'Duration', 'Instant', 'Weak', 'LinkedList', 'BinaryHeap',
]);

/** Unsized standard library types: a pointer to one is a wide pointer. */
export const STD_UNSIZED: ReadonlySet<string> = new Set(['CStr', 'OsStr', 'Path']);
