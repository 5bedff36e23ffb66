//! `assess`: how ready a residents' community is for its 民主法治社区
//! inspection. A fact sheet (YAML) is evaluated against a standard (TOML)
//! and reported criterion by criterion.
//!
//! Data flows one way: [`standard`] + [`facts`] → [`eval`] → [`report`].
//! No printer computes a status; no rule formats text.

pub(crate) mod authoring;
pub mod cli;
pub mod commands;
pub(crate) mod date;
pub mod diagnostic;
pub mod engine;
pub mod eval;
pub(crate) mod exact;
pub mod facts;
pub(crate) mod history;
pub(crate) mod input;
pub mod lang;
pub mod output;
pub mod report;
pub(crate) mod spool;
pub mod standard;
pub(crate) mod suggest;
