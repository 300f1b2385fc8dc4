//! A Rust library with a C boundary, and the mistakes FFI Lens points out.
use std::ffi::{c_char, c_int, CStr, CString};

/// Laid out as C lays it out: hover it for offsets and padding on every target.
#[repr(C)]
pub struct Header {
    pub kind: u8,
    pub len: u32,
    pub flags: u16,
}

/// Default representation: Rust promises no layout for it.
pub struct Config {
    pub verbose: bool,
    pub level: c_int,
}

extern "C" {
    fn apply_config(cfg: Config) -> c_int;
    fn send_header(h: *const Header) -> c_int;
    fn log_line(line: *const c_char);
}

#[no_mangle]
pub fn exported_without_c_abi(x: i32) -> i32 {
    x + 1
}

#[no_mangle]
pub extern "C" fn parse_len(s: *const c_char) -> u32 {
    let text = unsafe { CStr::from_ptr(s) }.to_str().unwrap();
    text.len() as u32
}

pub fn log(message: &str) {
    let line = CString::new(message).unwrap().as_ptr();
    unsafe { log_line(line) };
}

pub fn send(h: &Header, cfg: Config) -> c_int {
    unsafe { send_header(h) + apply_config(cfg) }
}
