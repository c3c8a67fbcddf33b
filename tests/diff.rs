//! `michart diff`: structured differences between two environments, secrets masked, and
//! diff(1)'s exit statuses. Runs inside tests/diff/ so the file names shown are stable.

mod common;

use common::hide_checksums;

use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

/// Runs `michart diff ARGS` in tests/diff/ and returns (status, stdout, stderr).
fn diff(args: &[&str]) -> (i32, String, String) {
    common::michart_in(&dir(), &[&["diff"], args].concat())
}

const SECRETS: [&str; 5] = [
    "common-admin-pass",
    "staging-db-pass",
    "prod-db-password",
    "subscription-pass",
    "mi_user_pass",
];

fn assert_no_secret(text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{s} leaked:\n{text}");
    }
}

#[test]
fn identical_environments_exit_0() {
    let (code, out, err) = diff(&["staging.yaml", "staging-copy.yaml", "-f", "common.yaml"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("identical", out);
}

#[test]
fn staging_against_prod_shows_each_change_with_secrets_masked() {
    let (code, out, err) = diff(&["staging.yaml", "prod.yaml", "-f", "common.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert_no_secret(&out);
    assert_no_secret(&err);
    assert!(out.contains("spec.template.spec.containers[wso2mi].env[DB_PASSWORD].value: <redacted, 16 bytes, changed>"), "{out}");
    insta::assert_snapshot!("staging-prod", hide_checksums(&out));
}

#[test]
fn show_secrets_reveals_them() {
    let (code, out, _) = diff(&[
        "staging.yaml",
        "prod.yaml",
        "-f",
        "common.yaml",
        "--show-secrets",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("env[DB_PASSWORD].value: \"staging-db-pass\" → \"prod-db-password\""),
        "{out}"
    );
}

#[test]
fn a_new_cloud_name_shows_renamed_objects_with_both_names() {
    let (code, out, err) = diff(&["defaults.yaml", "renamed.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("~ Deployment cloud-mi → wso2-cloud-mi (renamed)"),
        "{out}"
    );
    insta::assert_snapshot!("renamed", hide_checksums(&out));
}

#[test]
fn an_external_user_store_is_shown_by_toml_table_and_key() {
    let (code, out, err) = diff(&["defaults.yaml", "userstore.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert_no_secret(&out);
    assert!(out.contains("+ [user_store] type: \"database\""), "{out}");
    assert!(
        out.contains("+ [datasource[WSO2CarbonDB]] password: <redacted, 12 bytes, added>"),
        "{out}"
    );
    insta::assert_snapshot!("userstore", hide_checksums(&out));
}

#[test]
fn json_output_parses_and_masks_secrets() {
    let (code, out, err) = diff(&[
        "staging.yaml",
        "prod.yaml",
        "-f",
        "common.yaml",
        "--output",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_no_secret(&out);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["differences"], true);
    let objects = report["objects"].as_array().unwrap();
    let status = |kind: &str| {
        objects
            .iter()
            .find(|o| o["kind"] == kind)
            .map(|o| o["status"].as_str().unwrap().to_owned())
    };
    assert_eq!(status("Secret").as_deref(), Some("added"));
    assert_eq!(status("PodDisruptionBudget").as_deref(), Some("added"));
    assert_eq!(status("Deployment").as_deref(), Some("changed"));
    let toml = objects
        .iter()
        .find(|o| o["right"]["name"] == "cloud-mi-mi-toml")
        .unwrap();
    let hostname = toml["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "[server] hostname")
        .unwrap();
    assert_eq!(hostname["file"], "deployment.toml");
    assert_eq!(hostname["left"], "dev.example");
    assert_eq!(hostname["right"], "prod.example");
    insta::assert_snapshot!(
        "staging-prod-json",
        hide_checksums(&serde_json::to_string_pretty(&report).unwrap())
    );
}

#[test]
fn effective_values_are_compared_with_secrets_masked() {
    let (code, out, err) = diff(&[
        "staging.yaml",
        "prod.yaml",
        "-f",
        "common.yaml",
        "--effective-values",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_no_secret(&out);
    insta::assert_snapshot!("effective-values", out);
    let (code, out, _) = diff(&[
        "staging.yaml",
        "staging-copy.yaml",
        "--effective-values",
        "-o",
        "json",
    ]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        report,
        serde_json::json!({"differences": false, "values": []})
    );
}

#[test]
fn bad_values_exit_2_with_nothing_on_stdout() {
    let (code, out, err) = diff(&["defaults.yaml", "bad.yaml"]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    insta::assert_snapshot!("bad-values", err);
    let (code, out, err) = diff(&["defaults.yaml", "no-such-file.yaml"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("no-such-file.yaml"), "{err}");
}

#[test]
fn bad_usage_exits_2() {
    let (code, out, _) = diff(&["defaults.yaml"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    let (code, _, err) = diff(&["defaults.yaml", "defaults.yaml", "--release", "Bad_Name"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid release name"), "{err}");
}
