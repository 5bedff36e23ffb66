//! Helping people write sheets and standards: the fact-sheet template, the
//! JSON Schema editors complete keys from, and the standard as a readable
//! list of criteria.

pub mod criteria;
pub mod schema;
pub mod template;
