//! `michart lint`: exit status, text and JSON reports, --strict and --lenient.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn michart() -> Command {
    Command::cargo_bin("michart").unwrap()
}

fn file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn run(args: &[&str]) -> (i32, String) {
    let out = michart().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn errors_fail_with_every_problem_listed() {
    let path = file("tests/errors/several-keys-and-types.yaml");
    let (code, text) = run(&["lint", "-f", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    for p in [
        "error: wso2.ingress.enable:",
        "error: wso2.config.portOffset:",
        "error: wso2.config.userStore:",
        "error: wso2.deployment.replicas:",
        "lint failed: 5 errors",
    ] {
        assert!(text.contains(p), "{p} missing from:\n{text}");
    }
}

#[test]
fn defaults_pass_with_production_warnings_and_fail_strict() {
    let (code, text) = run(&["lint"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("warning: wso2.deployment.JKSSecretName:"),
        "{text}"
    );
    assert!(text.contains("  fix: "), "{text}");
    assert!(text.contains("lint passed: 0 errors"), "{text}");
    let (code, text) = run(&["lint", "--strict"]);
    assert_eq!(code, 1, "{text}");
}

#[test]
fn json_report_names_paths_and_places() {
    let path = file("tests/errors/unknown-key.yaml");
    let (code, text) = run(&["lint", "--output", "json", "-f", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 1);
    let f = &report["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["path"], "wso2.config.portoffset");
    assert_eq!(f["location"]["line"], 3);
    assert_eq!(f["location"]["column"], 5);
}

#[test]
fn lenient_turns_unknown_keys_into_warnings() {
    let path = file("tests/errors/unknown-key.yaml");
    let (code, text) = run(&["lint", "--lenient", "-f", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("warning: wso2.config.portoffset: unknown key"),
        "{text}"
    );
    let out = michart()
        .args(["template", "dev-mi", "--lenient", "-f"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("ignored (--lenient)"), "{err}");
}

#[test]
fn placeholders_and_the_nginx_backend_protocol_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("v.yaml");
    std::fs::write(
        &values,
        "wso2:\n  ingress:\n    ingressClassName: nginx-internal\n  config:\n    synapseHandlers:\n      - {name: \"\", class: \"\"}\n",
    )
    .unwrap();
    let (code, text) = run(&["lint", "-f", values.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("warning: wso2.config.synapseHandlers[0]: skipped"),
        "{text}"
    );
    assert!(
        text.contains("warning: wso2.ingress.annotations:"),
        "{text}"
    );
    assert!(text.contains("backend-protocol"), "{text}");

    // For the class `nginx` the chart adds the annotation itself: nothing to warn about.
    std::fs::write(&values, "wso2:\n  ingress:\n    ingressClassName: nginx\n").unwrap();
    let (_, text) = run(&["lint", "-f", values.to_str().unwrap()]);
    assert!(!text.contains("backend-protocol"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    michart().args(["lint", "--output", "xml"]).assert().code(2);
}

#[test]
fn schema_values_and_docs_commands() {
    let (code, text) = run(&["schema"]);
    assert_eq!(code, 0);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(schema["properties"]["wso2"].is_object());

    let (code, text) = run(&["values"]);
    assert_eq!(code, 0);
    assert!(text.contains("portOffset: 10"), "{text}");

    let (code, text) = run(&[
        "values",
        "--explain",
        "--set",
        "wso2.deployment.replicas=3",
        "--set",
        "wso2.config.admin.password=hunter2",
    ]);
    assert_eq!(code, 0);
    assert!(
        text.lines()
            .any(|l| l.starts_with("wso2.deployment.replicas = 3 ")
                && l.ends_with("# --set wso2.deployment.replicas=3")),
        "{text}"
    );
    assert!(text.contains("wso2.config.portOffset = 10"), "{text}");
    assert!(text.contains("# chart default (line"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

#[test]
fn the_values_references_are_up_to_date() {
    for name in michart::chart::BUILT_IN {
        let chart = michart::chart::Chart::load(name).unwrap();
        let path = michart::values_doc::doc_file(&chart);
        let committed = std::fs::read_to_string(file(&path)).unwrap_or_default();
        assert!(
            committed == michart::values_doc::values_reference(&chart),
            "{path} is stale: run `cargo run -- docs {name} --output {path}`"
        );
    }
}

#[test]
fn secure_vault_secrets_in_plain_text_are_named_but_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("v.yaml");
    // A cipher-tool-sized value (base64 of 256 bytes) passes; the plain one is reported.
    let encrypted = format!("{}==", "Qm9n".repeat(86).get(..342).unwrap());
    std::fs::write(
        &values,
        format!(
            "provider: aws\naws:\n  secretManager:\n    secretProviderClass: spc\n    secretIdentifiers:\n      internalKeystorePassword: {{secretName: s, secretKey: k}}\n\
             wso2:\n  config:\n    secureVault: {{enabled: true}}\n    admin: {{username: ops, password: hunter2}}\n\
             \x20   keyStore:\n      primary: {{password: '{encrypted}'}}\n"
        ),
    )
    .unwrap();
    let (code, text) = run(&["lint", "-f", values.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("warning: wso2.config.admin.password: does not look encrypted"),
        "{text}"
    );
    assert!(
        text.contains("warning: wso2.config.keyStore.primary.keyPassword: is empty"),
        "{text}"
    );
    assert!(
        !text.contains("warning: wso2.config.keyStore.primary.password:"),
        "{text}"
    );
    assert!(!text.contains("hunter2"), "{text}");
}
