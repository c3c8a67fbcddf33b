//! The generated JSON Schema, checked with an independent validator: it accepts every MI
//! example, every test case and the chart defaults, and refuses the mistakes in
//! tests/schema/invalid/ (each file's first line says which path is wrong).

use std::path::{Path, PathBuf};

fn schema() -> jsonschema::Validator {
    jsonschema::validator_for(&michart::schema::values_schema()).expect("a valid schema")
}

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    // An empty values file means no values, as for helm.
    if yaml.is_null() {
        return serde_json::json!({});
    }
    serde_json::to_value(yaml).unwrap()
}

#[test]
fn schema_accepts_every_example_and_case() {
    let validator = schema();
    let mut files = yaml_files("examples");
    files.extend(yaml_files("tests/cases"));
    // `icp-*` files are values of the ICP chart, which has a model of its own.
    files.retain(|p| !p.file_name().unwrap().to_string_lossy().starts_with("icp-"));
    files.extend(yaml_files("tests/schema/valid"));
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("charts/mi/values.yaml"));
    assert!(files.len() > 15, "{files:?}");
    for f in files {
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&f))
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
    }
}

#[test]
fn schema_refuses_each_invalid_file_at_its_path() {
    let validator = schema();
    let files = yaml_files("tests/schema/invalid");
    assert!(files.len() >= 5);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let want = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# refused at: "))
            .unwrap_or_else(|| {
                panic!(
                    "{}: first line must be `# refused at: <pointer>`",
                    f.display()
                )
            })
            .trim()
            .to_owned();
        let paths: Vec<String> = validator
            .iter_errors(&as_json(&f))
            .map(|e| e.instance_path().to_string())
            .collect();
        assert!(
            paths.contains(&want),
            "{}: expected an error at {want}, got {paths:?}",
            f.display()
        );
    }
}

#[test]
fn schema_describes_fields_and_defaults() {
    let schema = michart::schema::values_schema();
    let replicas = &schema["definitions"]["Deployment"]["properties"]["replicas"];
    assert_eq!(replicas["default"], 1);
    assert_eq!(replicas["minimum"], 0);
    assert!(replicas["description"].as_str().unwrap().contains("pods"));
    let offset = &schema["definitions"]["Config"]["properties"]["portOffset"];
    assert!(offset.to_string().contains("pattern"), "{offset}");
}
