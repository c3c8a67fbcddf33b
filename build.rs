//! Reads each built-in chart's default values once, at build time, into JSON: a process
//! then reads its defaults at JSON speed instead of YAML speed (the YAML parser costs
//! about a tenth of a whole render on them).

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for chart in ["mi", "icp"] {
        let path = format!("charts/{chart}/values.yaml");
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let tree: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        // JSON keeps the map order and every scalar the defaults use; a key that is not
        // a string (which JSON cannot hold) fails the build here.
        let json = serde_json::to_string(&tree).unwrap_or_else(|e| panic!("{path}: {e}"));
        std::fs::write(Path::new(&out).join(format!("{chart}-values.json")), json)
            .expect("OUT_DIR is writable");
    }
}
