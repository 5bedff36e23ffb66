//! Runs the real binary on real files: every example in every format and
//! language, exit codes, `--help`, bad input. Each case is a file under
//! `tests/cmd/` recording arguments, stdout, stderr and exit code; after an
//! intended change to the output, `TRYCMD=overwrite cargo test --test cli`
//! rewrites them, and the diff is reviewed like code.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// Every malformed sheet, standard and saved report of the corpus under
/// `tests/bad/`: exit 2, nothing on stdout, every message with its place.
#[test]
fn bad_input_corpus() {
    trycmd::TestCases::new()
        .case("tests/bad/sheets/*.toml")
        .case("tests/bad/standards/cases/*.toml")
        .case("tests/bad/reports/*.toml");
}

/// The `console` examples of the README and of `docs/`: each `$ assess …`
/// is run from the repository root and its output (stdout and stderr
/// together) and exit code (`? 1`, `? 2`) compared, `...` standing for
/// lines left out. So the documents cannot drift from the binary.
/// `TRYCMD=overwrite cargo test --test cli documentation` rewrites them.
#[test]
fn documentation_examples() {
    trycmd::TestCases::new().case("README.md").case("docs/*.md");
}
