//! `michart snapshot`: no drift passes, and drift in a key, a missing file or an extra file
//! fails with the structured difference; `--update` rewrites the folder whole. Folders are
//! copied to a temporary directory and the command runs there, so paths shown are stable.

mod common;

use common::hide_checksums;

use std::fs;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshot")
}

/// A scratch folder holding `base.yaml`, `drift.yaml`, `envs/` and `snap/`, the snapshot
/// of `base.yaml` as `--update` writes it.
fn scratch() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for f in ["base.yaml", "drift.yaml"] {
        fs::copy(fixtures().join(f), tmp.path().join(f)).unwrap();
    }
    copy_dir(&fixtures().join("envs"), &tmp.path().join("envs"));
    let (code, out, err) = snapshot(tmp.path(), &["snap", "-f", "base.yaml", "--update"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "snap: created (6 files)\n"),
        "{err}"
    );
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn snapshot(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    common::michart_in(cwd, &[&["snapshot"], args].concat())
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_fresh_snapshot_has_no_drift() {
    let tmp = scratch();
    let (code, out, err) = snapshot(tmp.path(), &["snap", "-f", "base.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    insta::assert_snapshot!("no-drift", out);
    // The file holds the object after a line naming its template.
    let service = fs::read_to_string(tmp.path().join("snap/service-cloud-mi.yaml")).unwrap();
    assert!(
        service
            .starts_with("# Source: mi/templates/mi-service.yaml\napiVersion: v1\nkind: Service\n"),
        "{service}"
    );
}

#[test]
fn drift_in_a_config_key_fails_with_the_key() {
    let tmp = scratch();
    let (code, out, err) = snapshot(tmp.path(), &["snap", "-f", "base.yaml", "-f", "drift.yaml"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("~ [super_admin] username: \"admin\" → \"operator\""),
        "{out}"
    );
    assert!(!out.contains("base-admin-pass"), "{out}");
    insta::assert_snapshot!("config-key-drift", hide_checksums(&out));
}

#[test]
fn a_missing_snapshot_file_fails() {
    let tmp = scratch();
    fs::remove_file(tmp.path().join("snap/service-cloud-mi.yaml")).unwrap();
    let (code, out, err) = snapshot(tmp.path(), &["snap", "-f", "base.yaml"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("missing-file", out);
}

#[test]
fn an_extra_snapshot_file_fails() {
    let tmp = scratch();
    let old = fs::read_to_string(tmp.path().join("snap/service-cloud-mi.yaml")).unwrap();
    fs::write(
        tmp.path().join("snap/service-cloud-mi-old.yaml"),
        old.replace("name: \"cloud-mi\"", "name: \"cloud-mi-old\""),
    )
    .unwrap();
    let (code, out, err) = snapshot(tmp.path(), &["snap", "-f", "base.yaml"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("extra-file", out);
}

#[test]
fn a_layout_only_change_is_shown_by_line() {
    let tmp = scratch();
    let path = tmp.path().join("snap/service-cloud-mi.yaml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("name: \"cloud-mi\"", "name: cloud-mi")).unwrap();
    let (code, out, err) = snapshot(tmp.path(), &["snap", "-f", "base.yaml"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("layout-only", out);
}

#[test]
fn update_rewrites_the_folder_and_then_it_passes() {
    let tmp = scratch();
    fs::remove_file(tmp.path().join("snap/service-cloud-mi.yaml")).unwrap();
    fs::write(
        tmp.path().join("snap/extra-old.yaml"),
        "# Source: mi/templates/x.yaml\n{}\n",
    )
    .unwrap();
    fs::write(tmp.path().join("snap/README.md"), "kept\n").unwrap();
    let args = ["snap", "-f", "base.yaml", "-f", "drift.yaml"];
    let (code, out, err) = snapshot(tmp.path(), &[&args[..], &["--update"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "snap: updated (2 changed, 1 added, 1 removed)\n");
    let (code, out, err) = snapshot(tmp.path(), &args);
    assert_eq!(code, 0, "{out}{err}");
    // Nothing staged is left beside the folder, and files that are not snapshots stay.
    assert_eq!(
        listing(tmp.path()),
        ["base.yaml", "drift.yaml", "envs", "snap"]
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("snap/README.md")).unwrap(),
        "kept\n"
    );
    assert!(!tmp.path().join("snap/extra-old.yaml").exists());
    let (code, out, _) = snapshot(tmp.path(), &[&args[..], &["--update"]].concat());
    assert_eq!((code, out.as_str()), (0, "snap: up to date\n"));
}

#[test]
fn a_missing_folder_is_drift_and_update_creates_it() {
    let tmp = scratch();
    let (code, out, _) = snapshot(tmp.path(), &["new/snap"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "new/snap: no snapshot folder; run with --update to create it\n"
    );
    let (code, out, _) = snapshot(tmp.path(), &["new/snap", "--update"]);
    assert_eq!((code, out.as_str()), (0, "new/snap: created (6 files)\n"));
    assert_eq!(
        listing(&tmp.path().join("new/snap")),
        [
            "configmap-cloud-mi-mi-entrypoint.yaml",
            "configmap-cloud-mi-mi-log4j2-properties.yaml",
            "configmap-cloud-mi-mi-toml.yaml",
            "deployment-cloud-mi.yaml",
            "ingress-cloud-mi.yaml",
            "service-cloud-mi.yaml",
        ]
    );
    assert_eq!(snapshot(tmp.path(), &["new/snap"]).0, 0);
}

#[test]
fn a_folder_of_other_yaml_is_refused_not_overwritten() {
    let tmp = scratch();
    fs::write(tmp.path().join("snap/values.yaml"), "wso2: {}\n").unwrap();
    let (code, out, err) = snapshot(tmp.path(), &["snap", "--update"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(tmp.path().join("snap/values.yaml").exists());
    insta::assert_snapshot!("not-a-snapshot", err);
}

#[test]
fn bad_values_exit_2() {
    let tmp = scratch();
    fs::write(tmp.path().join("bad.yaml"), "wso2:\n  deploymnt: {}\n").unwrap();
    let (code, out, err) = snapshot(tmp.path(), &["snap", "-f", "bad.yaml"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("bad.yaml:2:3"), "{err}");
}

#[test]
fn environments_are_checked_each_against_its_own_folder() {
    let tmp = scratch();
    let env =
        |extra: &[&str]| snapshot(tmp.path(), &[&["snaps", "--envs", "envs"], extra].concat());
    let (code, out, err) = env(&["--update"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "update  dev: created (6 files)\nupdate  prod: created (6 files)\n"
    );
    let (code, out, _) = env(&[]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("envs-ok", out);

    // prod drifts, a new environment has no snapshot yet, an old one has no values file.
    fs::write(
        tmp.path().join("envs/prod.yaml"),
        "wso2:\n  deployment:\n    hostname: \"prod.example\"\n    replicas: 3\n",
    )
    .unwrap();
    fs::copy(
        tmp.path().join("envs/dev.yaml"),
        tmp.path().join("envs/qa.yaml"),
    )
    .unwrap();
    copy_dir(&tmp.path().join("snaps/dev"), &tmp.path().join("snaps/old"));
    let (code, out, err) = env(&[]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("envs-drift", out);

    // A broken environment is an error (2), and stops the update of every environment.
    fs::write(tmp.path().join("envs/broken.yaml"), "wso2: 3\n").unwrap();
    let (code, out, _) = env(&[]);
    assert_eq!(code, 2);
    assert!(out.contains("error   broken: invalid values"), "{out}");
    assert!(out.contains("drift   prod"), "{out}");
    let (code, out, err) = env(&["--update"]);
    assert_eq!(code, 2);
    assert!(tmp.path().join("snaps/old").exists());
    insta::assert_snapshot!("envs-error", format!("{out}---\n{err}"));
    fs::remove_file(tmp.path().join("envs/broken.yaml")).unwrap();

    let (code, out, _) = env(&["--update"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("envs-update", out);
    assert_eq!(listing(&tmp.path().join("snaps")), ["dev", "prod", "qa"]);
    assert_eq!(env(&[]).0, 0);
}
