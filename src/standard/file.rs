//! A standard read from disk: a complete file, or a tailoring that
//! `extends` the built-in standard or another file, followed down its chain.

use super::{DEFAULT_ID, Standard, default_standard, extends, load, tailor};
use crate::diagnostic::{Bilingual, Diagnostic, FileDiagnostics};
use crate::input::{input_name, read_text};
use std::path::{Path, PathBuf};

/// The built-in standard, or the one `--standard` names.
pub fn load_standard(path: Option<&Path>, limit: u64) -> Result<Standard, FileDiagnostics> {
    load_standard_reading(path, limit, &mut Vec::new())
}

/// [`load_standard`], adding to `read` each file read: the one named and
/// those it `extends`, which no report may overwrite.
pub fn load_standard_reading(
    path: Option<&Path>,
    limit: u64,
    read: &mut Vec<PathBuf>,
) -> Result<Standard, FileDiagnostics> {
    match path {
        None => Ok(default_standard()),
        Some(path) => load_standard_file(path, limit, 0, read),
    }
}

/// How many standards may extend one another in a chain; more is a cycle
/// or a mistake.
const MAX_EXTENDS: usize = 8;

/// A standard file: complete, or a tailoring of the built-in standard (by
/// its id) or of another file (by a path relative to this one).
fn load_standard_file(
    path: &Path,
    limit: u64,
    depth: usize,
    read: &mut Vec<PathBuf>,
) -> Result<Standard, FileDiagnostics> {
    let name = input_name(path);
    read.push(path.to_path_buf());
    let source = read_text(path, limit).map_err(|d| FileDiagnostics::single(&name, d))?;
    let in_file = |diagnostics: Vec<Diagnostic>, source: String| FileDiagnostics {
        file: name.clone(),
        source: Some(source),
        diagnostics,
    };
    let Some((base, position)) = extends(&source) else {
        return load(&source).map_err(|e| in_file(e.diagnostics, source));
    };
    let base = if base == DEFAULT_ID {
        default_standard()
    } else if depth >= MAX_EXTENDS {
        let problem = Diagnostic::new(Bilingual::new(
            format!("extends 链超过 {MAX_EXTENDS} 层，可能相互引用"),
            format!("more than {MAX_EXTENDS} standards extend one another: a cycle?"),
        ))
        .at(position);
        return Err(in_file(vec![problem], source));
    } else {
        let base_path = path.parent().unwrap_or(Path::new(".")).join(&base);
        if !base_path.is_file() {
            let problem = Diagnostic::new(Bilingual::new(
                format!(
                    "extends 指向的 \"{base}\" 既不是内置标准 {} 也不是文件",
                    DEFAULT_ID
                ),
                format!(
                    "extends names \"{base}\", which is neither the built-in {} nor a file",
                    DEFAULT_ID
                ),
            ))
            .at(position)
            .path("extends");
            return Err(in_file(vec![problem], source));
        }
        load_standard_file(&base_path, limit, depth + 1, read)?
    };
    tailor(&source, base).map_err(|e| in_file(e.diagnostics, source))
}
