//! In-process render benchmarks (`cargo bench --bench render`).
//!
//! - `one_env`: one environment through the whole path `michart template` takes (load and
//!   merge the values, type, validate, render, check) with the built-in templates as
//!   compiled at build time; `one_env_interpreted` the same with minijinja interpreting
//!   them (compiled once per process), as for a chart on disk.
//! - `one_more_env`: `one_env` with the chart's defaults read once and shared, as
//!   `render_many` does: what each further environment of a many-environment run costs.
//! - `stage`: the same path cut into its steps, to see where the time goes.
//! - `many`: N environments in one call of `michart::render_many` (all cores, templates
//!   compiled once), to show the cost stays linear in N.
//!
//! `MICHART_BENCH_VALUES=path.yaml` adds that values file to `one_env` and `stage` (for
//! example the upstream chart's full values file, which is not part of this repository).

use std::path::{Path, PathBuf};

use michart::chart::Chart;
use michart::cli::ValueInputs;
use michart::renderer::{Release, Renderer};
use michart::value_layers::ValueLayers;
use michart::values::Values;
use michart::{Environment, check, load_layers, render_many, typed_values_as};

fn main() {
    divan::main();
}

/// The MI values files in the repository that render cleanly: the examples and test cases.
fn values_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = ["examples", "tests/cases"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        // icp-*.yaml are values of the other chart.
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("icp-"))
        })
        .collect();
    files.sort();
    files
}

/// `args = [...]` names for `one_env` and `stage`: a small, a large example, and the
/// file named by `MICHART_BENCH_VALUES` when set.
const ONE: &[&str] = &[
    "examples/dev.yaml",
    "examples/prod-eks.yaml",
    "$MICHART_BENCH_VALUES",
];

fn resolve(name: &str) -> Option<PathBuf> {
    if name == "$MICHART_BENCH_VALUES" {
        return std::env::var_os("MICHART_BENCH_VALUES").map(PathBuf::from);
    }
    Some(Path::new(env!("CARGO_MANIFEST_DIR")).join(name))
}

fn inputs(file: PathBuf) -> ValueInputs {
    ValueInputs {
        files: vec![file],
        flags: Vec::new(),
    }
}

fn release(name: &str) -> Release {
    Release {
        name: name.to_owned(),
        namespace: "mi".to_owned(),
    }
}

#[divan::bench(args = ONE)]
fn one_env(bencher: divan::Bencher, name: &str) {
    one_env_with(bencher, name, &Chart::load("mi").unwrap());
}

/// `one_env` with the templates interpreted by minijinja, as for a chart on disk.
#[divan::bench(args = ONE)]
fn one_env_interpreted(bencher: divan::Bencher, name: &str) {
    one_env_with(bencher, name, &Chart::load("mi").unwrap().interpreted());
}

fn one_env_with(bencher: divan::Bencher, name: &str, chart: &Chart) {
    let Some(file) = resolve(name) else { return };
    let renderer = Renderer::new(chart).unwrap();
    let inputs = inputs(file);
    let release = release("dev-mi");
    bencher.bench(|| {
        let layers = load_layers(chart, &inputs).unwrap();
        michart::render_with(&renderer, &layers, &release, &mut |_| {}).unwrap()
    });
}

#[divan::bench(args = ONE)]
fn one_more_env(bencher: divan::Bencher, name: &str) {
    let Some(file) = resolve(name) else { return };
    let chart = Chart::load("mi").unwrap();
    let renderer = Renderer::new(&chart).unwrap();
    let defaults = ValueLayers::defaults(&chart).unwrap();
    let release = release("dev-mi");
    bencher.bench(|| {
        let mut layers = defaults.clone();
        layers.add_file(&file).unwrap();
        michart::render_with(&renderer, &layers, &release, &mut |_| {}).unwrap()
    });
}

mod stage {
    use super::{
        Chart, ONE, Renderer, Values, check, inputs, load_layers, release, resolve, typed_values_as,
    };

    #[divan::bench]
    fn chart_load() -> Chart {
        Chart::load("mi").unwrap()
    }

    /// What a chart on disk pays before its first render; built-in charts are compiled
    /// when michart is built.
    #[divan::bench]
    fn compile_templates(bencher: divan::Bencher) {
        let chart = Chart::load("mi").unwrap().interpreted();
        bencher.bench(|| Renderer::new(&chart).unwrap());
    }

    #[divan::bench(args = ONE)]
    fn load_and_merge(bencher: divan::Bencher, name: &str) {
        let Some(file) = resolve(name) else { return };
        let chart = Chart::load("mi").unwrap();
        let inputs = inputs(file);
        bencher.bench(|| load_layers(&chart, &inputs).unwrap());
    }

    #[divan::bench(args = ONE)]
    fn type_and_validate(bencher: divan::Bencher, name: &str) {
        let Some(file) = resolve(name) else { return };
        let chart = Chart::load("mi").unwrap();
        let layers = load_layers(&chart, &inputs(file)).unwrap();
        bencher.bench(|| typed_values_as::<Values>(&layers, false, &mut |_| {}).unwrap());
    }

    #[divan::bench(args = ONE)]
    fn render(bencher: divan::Bencher, name: &str) {
        let Some(file) = resolve(name) else { return };
        let chart = Chart::load("mi").unwrap();
        let renderer = Renderer::new(&chart).unwrap();
        let layers = load_layers(&chart, &inputs(file)).unwrap();
        let values = typed_values_as::<Values>(&layers, false, &mut |_| {}).unwrap();
        let release = release("dev-mi");
        bencher.bench(|| renderer.render(&values, &release).unwrap());
    }

    #[divan::bench(args = ONE)]
    fn check(bencher: divan::Bencher, name: &str) {
        let Some(file) = resolve(name) else { return };
        let chart = Chart::load("mi").unwrap();
        let renderer = Renderer::new(&chart).unwrap();
        let layers = load_layers(&chart, &inputs(file)).unwrap();
        let values = typed_values_as::<Values>(&layers, false, &mut |_| {}).unwrap();
        let output = renderer.render(&values, &release("dev-mi")).unwrap();
        bencher.bench(|| check::check(&output).unwrap());
    }
}

/// The repository's values files, repeated with distinct release names until there are `n`.
fn environments(n: usize) -> Vec<Environment> {
    let files = values_files();
    (0..n)
        .map(|i| Environment {
            inputs: inputs(files[i % files.len()].clone()),
            release: release(&format!("env-{i}")),
        })
        .collect()
}

#[divan::bench(args = [10, 100, 1000], sample_count = 10, sample_size = 1)]
fn many(bencher: divan::Bencher, n: usize) {
    let chart = Chart::load("mi").unwrap();
    let envs = environments(n);
    bencher
        .counter(divan::counter::ItemsCount::new(n))
        .bench(|| {
            let results = render_many(&chart, &envs).unwrap();
            assert!(results.iter().all(Result::is_ok));
            results
        });
}
