//! The command-line contract scripts rely on: exit codes, where output goes, and that a
//! failure prints nothing on stdout and leaves earlier files alone.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn michart() -> Command {
    Command::cargo_bin("michart").unwrap()
}

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn template_prints_documents_with_their_source() {
    let text = stdout_of(
        michart()
            .args(["template", "dev-mi", "-n", "mi", "-f"])
            .arg(case("cases/everything.yaml")),
    );
    assert!(text.starts_with("---\n# Source: mi/templates/"), "{text}");
    let kinds: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("kind: "))
        .collect();
    // Helm's install order: config before the workload, the Ingress after it.
    let pos = |k: &str| kinds.iter().position(|x| *x == k).unwrap();
    assert!(pos("Secret") < pos("ConfigMap"));
    assert!(pos("ConfigMap") < pos("Deployment"));
    assert!(pos("Deployment") < pos("Ingress"));
    assert!(text.contains("namespace: \"mi\""));
}

#[test]
fn the_chart_defaults_render_without_values() {
    let text = stdout_of(michart().args(["template", "dev-mi"]));
    assert!(text.contains("name: \"cloud-dev-mi\""), "{text}");
    assert!(text.contains("namespace: \"default\""));
}

#[test]
fn bad_values_exit_1_with_nothing_on_stdout() {
    let out = michart()
        .args(["template", "dev-mi", "-f"])
        .arg(case("errors/unknown-key.yaml"))
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("wso2.config.portoffset"), "{err}");
    assert!(err.contains("unknown-key.yaml:3:5"), "{err}");
}

#[test]
fn a_missing_values_file_is_named() {
    let out = michart()
        .args(["template", "dev-mi", "-f", "no/such/values.yaml"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no/such/values.yaml")
    );
}

#[test]
fn bad_usage_exits_2() {
    michart().args(["template"]).assert().code(2);
    michart()
        .args(["template", "x", "--no-such-flag"])
        .assert()
        .code(2);
}

#[test]
fn release_names_kubernetes_would_refuse_are_refused() {
    let name = format!("Dev_MI-{}", "x".repeat(70));
    let out = michart()
        .args(["template", &name])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("RFC 1123") && err.contains("53"), "{err}");
}

#[test]
fn set_flags_follow_helm_precedence() {
    let text = stdout_of(michart().args([
        "template",
        "dev-mi",
        "--set-json",
        "wso2.deployment.replicas=5",
        "--set",
        "wso2.deployment.replicas=4",
        "--set",
        "wso2.deployment.hostname=mi.example.org",
        "--show-only",
        "templates/mi-deployment.yaml",
    ]));
    assert!(text.contains("replicas: 4"), "{text}");
    let text = stdout_of(michart().args([
        "template",
        "dev-mi",
        "--set",
        "wso2.deployment.hostname=mi.example.org",
        "-s",
        "mi-conf.yaml",
    ]));
    assert!(text.contains(r#"hostname = \"mi.example.org\""#), "{text}");
    assert_eq!(
        text.matches("\n---\n").count() + 1,
        1,
        "only one object: {text}"
    );
}

#[test]
fn show_only_refuses_a_template_that_renders_nothing() {
    let out = michart()
        .args(["template", "dev-mi", "--show-only", "templates/mi-hpa.yaml"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
}

#[test]
fn output_dir_writes_one_file_per_template_and_survives_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    michart()
        .args(["template", "dev-mi", "--output-dir"])
        .arg(dir.path())
        .assert()
        .success();
    let deployment = dir.path().join("mi/templates/mi-deployment.yaml");
    let before = std::fs::read_to_string(&deployment).unwrap();
    assert!(before.starts_with("---\n# Source: mi/templates/mi-deployment.yaml\n"));

    michart()
        .args([
            "template",
            "dev-mi",
            "--set",
            "wso2.deployment.replicas=-3",
            "--output-dir",
        ])
        .arg(dir.path())
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&deployment).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["mi"], "no staging folders left behind");
}

#[test]
fn a_chart_folder_on_disk_replaces_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    let chart = Path::new(env!("CARGO_MANIFEST_DIR")).join("charts/mi");
    let copy = dir.path().join("mi");
    for sub in ["", "config", "templates"] {
        std::fs::create_dir_all(copy.join(sub)).unwrap();
        for entry in std::fs::read_dir(chart.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, copy.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let service = copy.join("templates/mi-service.yaml");
    let text = std::fs::read_to_string(&service).unwrap();
    std::fs::write(
        &service,
        text.replace("pass-through-https", "edited-locally"),
    )
    .unwrap();
    let out = stdout_of(michart().args(["template", "dev-mi"]).arg(&copy));
    assert!(out.contains("name: edited-locally"), "{out}");
}

/// Copies the built-in chart to `dest` so a test can edit its templates.
fn copy_chart(dest: &Path) {
    let chart = Path::new(env!("CARGO_MANIFEST_DIR")).join("charts/mi");
    for sub in ["", "config", "templates"] {
        std::fs::create_dir_all(dest.join(sub)).unwrap();
        for entry in std::fs::read_dir(chart.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dest.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

/// Every file under `dir` with its text, to compare a folder before and after.
fn tree_of(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((path.strip_prefix(dir).unwrap().to_path_buf(), text));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_render_failing_halfway_leaves_the_output_dir_intact() {
    let work = tempfile::tempdir().unwrap();
    let chart = work.path().join("mi");
    copy_chart(&chart);
    let out = work.path().join("out");
    michart()
        .args(["template", "dev-mi", "--output-dir"])
        .arg(&out)
        .arg(&chart)
        .assert()
        .success();
    let before = tree_of(&out);
    assert!(before.len() > 5, "{before:?}");

    // Templates render in name order: the config files and the first templates succeed,
    // then this one fails while rendering (not while compiling).
    let mut templates: Vec<PathBuf> = std::fs::read_dir(chart.join("templates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    templates.sort();
    let second = &templates[1];
    let text = std::fs::read_to_string(second).unwrap();
    std::fs::write(second, format!("{{{{ no_such_function() }}}}\n{text}")).unwrap();

    let run = michart()
        .args(["template", "dev-mi", "--output-dir"])
        .arg(&out)
        .arg(&chart)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(err.contains("no_such_function"), "{err}");
    assert!(run.stdout.is_empty());
    assert_eq!(tree_of(&out), before, "the earlier output is untouched");
    let entries: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["mi"], "no staging folders left behind");

    // A template whose output is not valid YAML fails after rendering, in the checks.
    std::fs::write(second, format!("a: [unclosed\n{text}")).unwrap();
    michart()
        .args(["template", "dev-mi", "--output-dir"])
        .arg(&out)
        .arg(&chart)
        .assert()
        .code(1);
    assert_eq!(tree_of(&out), before);
}

#[test]
fn output_dir_replaces_the_whole_chart_folder() {
    let out = tempfile::tempdir().unwrap();
    let stale = out.path().join("mi/templates/mi-hpa.yaml");
    std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
    std::fs::write(&stale, "left from an earlier run with the autoscaler on").unwrap();
    michart()
        .args(["template", "dev-mi", "--output-dir"])
        .arg(out.path())
        .assert()
        .success();
    // The defaults render no autoscaler: a file from an earlier render must not linger.
    assert!(!stale.exists());
    assert!(out.path().join("mi/templates/mi-deployment.yaml").exists());
}

/// Runs michart with its stdout a pipe whose reading end is closed before it prints.
fn closed_pipe(args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("michart"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Rendering takes milliseconds, so the pipe is closed long before the first write.
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_pipe_exits_quietly() {
    let everything = case("cases/everything.yaml");
    let out = closed_pipe(&["template", "dev-mi", "-f", everything.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");

    // The `wrote ...` lines of --output-dir too.
    let dir = tempfile::tempdir().unwrap();
    let out = closed_pipe(&[
        "template",
        "dev-mi",
        "--output-dir",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(dir.path().join("mi/templates/mi-deployment.yaml").exists());
}

#[test]
fn piping_into_head_exits_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("michart");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#"set -o pipefail; "$0" template dev-mi | head -1"#)
        .arg(bin)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "---\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn large_inputs_are_rendered_or_refused_quickly() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().unwrap();
    // 10,000 environment variables: rendered.
    let mut envs = String::from("wso2:\n  deployment:\n    envs:\n");
    for i in 0..10_000 {
        let _ = writeln!(envs, "      VAR_{i}: \"value {i}\"");
    }
    let file = dir.path().join("envs.yaml");
    std::fs::write(&file, envs).unwrap();
    let start = std::time::Instant::now();
    let text = stdout_of(
        michart()
            .args(["template", "dev-mi", "-s", "mi-deployment.yaml", "-f"])
            .arg(&file),
    );
    assert!(text.contains("name: \"VAR_9999\""));
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());

    // 50 MB: refused before parsing, with the reason.
    let mut big = String::from("wso2:\n  deployment:\n    envs:\n");
    let line = "      VAR: \"a value padded to make the file large\"\n";
    big.push_str(&line.repeat(50_000_000 / line.len()));
    let file = dir.path().join("big.yaml");
    std::fs::write(&file, big).unwrap();
    let start = std::time::Instant::now();
    let out = michart()
        .args(["template", "dev-mi", "-f"])
        .arg(&file)
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("big.yaml is larger than 8 MiB"), "{err}");
}
