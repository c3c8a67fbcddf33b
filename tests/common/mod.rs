//! Helpers shared by the integration tests that pin command output.

/// Checksums change with every template edit; what matters here is that they changed.
pub fn hide_checksums(text: &str) -> String {
    text.split('"')
        .map(|part| {
            if part.len() == 64 && part.bytes().all(|b| b.is_ascii_hexdigit()) {
                "<sha256>"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("\"")
}

/// Runs `michart ARGS` in `cwd`; returns the exit status, stdout and stderr.
pub fn michart_in(cwd: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    use assert_cmd::Command;
    let out = Command::cargo_bin("michart")
        .unwrap()
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
