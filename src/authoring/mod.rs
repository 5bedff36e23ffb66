//! Helping people write sheets and standards: the fact-sheet template, the
//! JSON Schema editors complete keys from, the standard as a readable
//! list of criteria, and the test cases that show a standard scores what it
//! means.

pub mod cases;
pub mod criteria;
pub mod schema;
pub mod template;
