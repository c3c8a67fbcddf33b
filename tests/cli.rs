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
