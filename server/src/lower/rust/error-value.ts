// The value a generated wrapper returns when it cannot do its work (a caught
// panic, a null handle): -1 for signed integers, MAX for unsigned ones, NaN,
// false, null pointers, None; an explicit abort where no value fits.
import type { RustType } from './items.ts';

const SIGNED = /^(i8|i16|i32|i64|i128|isize|c_schar|c_short|c_int|c_long|c_longlong|ssize_t|c_ssize_t)$/;
const UNSIGNED = /^(u8|u16|u32|u64|u128|usize|c_uchar|c_ushort|c_uint|c_ulong|c_ulonglong|size_t|c_size_t)$/;

/** The error value for a return type (`()` for none); `std::process::abort()` when no value fits. */
export function errorValue(ret: RustType | undefined, text: string): string {
  if (!ret || (ret.k === 'tuple' && ret.elems.length === 0)) return '()';
  const spelled = text.slice(ret.span.start, ret.span.end);
  const last = ret.k === 'path' ? ret.name : ret.k === 'prim' ? ret.name : '';
  if (SIGNED.test(last)) return '-1';
  if (UNSIGNED.test(last)) return `${spelled}::MAX`;
  if (last === 'c_char') return '0';
  if (last === 'bool') return 'false';
  if (last === 'f32' || last === 'f64' || last === 'c_float' || last === 'c_double') return `${spelled}::NAN`;
  if (ret.k === 'ptr') return ret.mut ? 'std::ptr::null_mut()' : 'std::ptr::null()';
  if (ret.k === 'path' && ret.name === 'Option') return 'None';
  return 'std::process::abort()';
}

