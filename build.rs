//! Work done once, when michart is built, instead of at every run:
//! - each built-in chart's default values and `Chart.yaml`, read into JSON, which a
//!   process reads at JSON speed instead of YAML speed (the YAML parser costs about a
//!   tenth of a whole render);
//! - each built-in chart's templates, compiled to Rust (`build/precompile.rs`), so a
//!   render neither parses them nor interprets them;
//! - the list of every file embedded (`embedded.rs`, for `src/chart.rs`), included as
//!   `&str`, whose UTF-8 the compiler checks once instead of each run.

use std::fmt::Write as _;
use std::path::Path;

#[path = "build/precompile.rs"]
mod precompile;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    println!("cargo::rerun-if-changed=build/precompile.rs");
    println!("cargo::rerun-if-changed=charts");
    let mut embedded = format!(
        "static COMMON: &[(&str, &str)] = {};\n",
        file_list("charts/common")
    );
    for chart in ["mi", "icp"] {
        let upper = chart.to_uppercase();
        let _ = writeln!(
            embedded,
            "static {upper}: Embedded = Embedded {{\n    \
             chart_json: include_str!(concat!(env!(\"OUT_DIR\"), \"/{chart}-Chart.json\")),\n    \
             values: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/charts/{chart}/values.yaml\")),\n    \
             values_json: include_str!(concat!(env!(\"OUT_DIR\"), \"/{chart}-values.json\")),\n    \
             config: {},\n    templates: {},\n}};",
            file_list(&format!("charts/{chart}/config")),
            file_list(&format!("charts/{chart}/templates")),
        );
        for file in ["values", "Chart"] {
            let path = format!("charts/{chart}/{file}.yaml");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let tree: serde_yaml_ng::Value =
                serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            // JSON keeps the map order and every scalar the defaults use; a key that is
            // not a string (which JSON cannot hold) fails the build here.
            let json = serde_json::to_string(&tree).unwrap_or_else(|e| panic!("{path}: {e}"));
            std::fs::write(out.join(format!("{chart}-{file}.json")), json)
                .expect("OUT_DIR is writable");
        }

        let files = template_files(chart);
        let code = precompile::chart(&files).unwrap_or_else(|e| {
            // The chart still renders, through minijinja at run time.
            println!("cargo::warning=chart {chart} is not compiled to Rust: {e}");
            "pub static PRECOMPILED: Option<Precompiled> = None;\n".to_owned()
        });
        std::fs::write(out.join(format!("precompiled-{chart}.rs")), code)
            .expect("OUT_DIR is writable");
    }
    std::fs::write(out.join("embedded.rs"), embedded).expect("OUT_DIR is writable");
}

/// The files of a chart folder, sorted by name, as a Rust slice of names and texts.
fn file_list(dir: &str) -> String {
    let mut list = "&[\n".to_owned();
    for (name, _) in files_in(dir) {
        let path = format!("/{dir}/{name}");
        let _ = writeln!(
            list,
            "        ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {path:?}))),"
        );
    }
    list.push_str("    ]");
    list
}

/// The templates a built-in chart renders with: its configuration files, its manifest
/// templates and the shared libraries (as `src/chart.rs` assembles them).
fn template_files(chart: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in [
        format!("charts/{chart}/config"),
        format!("charts/{chart}/templates"),
        "charts/common".to_owned(),
    ] {
        for (name, path) in files_in(&dir) {
            // A chart's own library wins over the shared one of the same name.
            if files.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            files.push((name, text));
        }
    }
    files
}

/// The names and paths of the files in a chart folder, sorted by name.
fn files_in(dir: &str) -> Vec<(String, std::path::PathBuf)> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("readable folder").path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    entries
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 name")
                .to_owned();
            (name, path)
        })
        .collect()
}
