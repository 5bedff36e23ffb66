//! Any bytes, as a fact sheet for the default standard, through the library
//! and every printer: see `tests/support/every_printer.rs`, which the
//! robustness test runs too, so this target cannot fall behind the API.

#![no_main]

#[path = "../../tests/support/every_printer.rs"]
mod every_printer;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| every_printer::check(bytes));
