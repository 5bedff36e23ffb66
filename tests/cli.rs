//! Runs the real binary on real files: every example in every format and
//! language, exit codes, `--help`, bad input. Each case is a file under
//! `tests/cmd/` recording arguments, stdout, stderr and exit code; after an
//! intended change to the output, `TRYCMD=overwrite cargo test --test cli`
//! rewrites them, and the diff is reviewed like code.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
