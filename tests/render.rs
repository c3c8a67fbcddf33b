//! Data-driven render tests: every values file in `examples/` (an example folder's
//! `values.yaml` too) and `tests/cases/` is rendered and compared with its reviewed
//! snapshot; every file in `tests/errors/` must be refused, and its message is pinned.
//!
//! Every render runs twice, with the built-in templates compiled to Rust (as michart runs
//! them) and interpreted by minijinja (as a chart on disk runs), and both must agree to the
//! byte, warnings and errors included.
//!
//! A case file may start with `# args: --set a=b --release x --namespace y` to add flags;
//! `--chart icp` renders the ICP chart, as does a file whose name starts with `icp-`.

use std::path::Path;

use michart::chart::Chart;
use michart::cli::ValueInputs;
use michart::renderer::Release;
use michart::set_flag::SetKind;

fn render(path: &Path) -> Result<(String, Vec<String>), String> {
    let compiled = render_by(path, true);
    let interpreted = render_by(path, false);
    assert_eq!(
        compiled,
        interpreted,
        "{}: compiled and interpreted templates disagree",
        path.display()
    );
    compiled
}

fn render_by(path: &Path, compiled: bool) -> Result<(String, Vec<String>), String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut inputs = ValueInputs {
        files: vec![path.to_owned()],
        flags: Vec::new(),
    };
    let icp = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("icp-"));
    let mut chart_name = if icp { "icp" } else { "mi" }.to_owned();
    let mut release = Release {
        name: format!("dev-{chart_name}"),
        namespace: chart_name.clone(),
    };
    if let Some(args) = text.lines().next().and_then(|l| l.strip_prefix("# args:")) {
        let words: Vec<&str> = args.split_whitespace().collect();
        for pair in words.chunks(2) {
            match pair {
                ["--set", v] => inputs.flags.push((SetKind::Typed, (*v).to_owned())),
                ["--set-string", v] => inputs.flags.push((SetKind::String, (*v).to_owned())),
                ["--set-json", v] => inputs.flags.push((SetKind::Json, (*v).to_owned())),
                ["--release", v] => (*v).clone_into(&mut release.name),
                ["--namespace", v] => (*v).clone_into(&mut release.namespace),
                ["--chart", v] => (*v).clone_into(&mut chart_name),
                other => panic!("unknown test args {other:?}"),
            }
        }
    }
    let chart = Chart::load(&chart_name).unwrap();
    assert!(chart.precompiled.is_some(), "built-in charts are compiled");
    let chart = if compiled { chart } else { chart.interpreted() };
    let mut warnings = Vec::new();
    let rendered = michart::render(&chart, &inputs, &release, &mut |w| {
        warnings.push(w.to_owned());
    })
    .map_err(|e| format!("{e:#}"))?;
    let text = michart::output::to_text(&rendered, &[]).unwrap();
    Ok((text, warnings))
}

/// The file's name without `.yaml`; an example folder's `values.yaml` is named after the folder.
fn snapshot_name(path: &Path) -> String {
    let file = if path.file_name().is_some_and(|n| n == "values.yaml") {
        path.parent().unwrap().file_name().unwrap()
    } else {
        path.file_stem().unwrap()
    };
    file.to_string_lossy().into_owned()
}

#[test]
fn examples_render_as_reviewed() {
    // An example with files of its own (a Dockerfile...) is a folder with a values.yaml.
    insta::glob!("../examples", "{*.yaml,*/values.yaml}", |path| {
        let (text, warnings) = render(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            warnings.is_empty(),
            "an example must render without warnings: {warnings:?}"
        );
        insta::assert_snapshot!(format!("example-{}", snapshot_name(path)), text);
    });
}

#[test]
fn cases_render_as_reviewed() {
    insta::glob!("cases", "*.yaml", |path| {
        let (text, warnings) = render(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut out = String::new();
        for w in &warnings {
            out.push_str("# warning: ");
            out.push_str(w);
            out.push('\n');
        }
        out.push_str(&text);
        insta::assert_snapshot!(format!("case-{}", snapshot_name(path)), out);
    });
}

#[test]
fn bad_values_are_refused_with_a_precise_message() {
    insta::glob!("errors", "*.yaml", |path| {
        let Err(err) = render(path) else {
            panic!("{} rendered, but must be refused", path.display())
        };
        // The file's own path varies with the checkout; pin the rest.
        let err = err.replace(&path.display().to_string(), "FILE");
        insta::assert_snapshot!(format!("error-{}", snapshot_name(path)), err);
    });
}

#[test]
fn output_is_deterministic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/everything.yaml");
    assert_eq!(render(&path).unwrap(), render(&path).unwrap());
}
