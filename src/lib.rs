//! michart: render the WSO2 Integrator: MI Helm chart from typed, validated values.

mod block_deserializer;
pub mod block_yaml;
pub mod chart;
pub mod chart_values;
pub mod check;
pub mod cli;
pub mod config;
pub mod deployment;
pub mod diff;
pub mod escape;
pub mod icp_values;
pub mod lint;
pub mod logging;
pub mod output;
pub mod precompiled;
pub mod renderer;
mod same_tree;
pub mod scalar;
pub mod schema;
pub mod set_flag;
pub mod snapshot;
pub mod validate;
pub mod value_layers;
pub mod values;
pub mod values_doc;
pub mod values_error;

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Result;

use crate::chart::Chart;
use crate::chart_values::ChartValues;
use crate::cli::{Action, Options, TemplateOptions, ValueInputs};
use crate::renderer::{Release, Rendered, Renderer};
use crate::value_layers::ValueLayers;

pub fn run(options: &Options) -> Result<ExitCode> {
    match &options.command {
        Action::Template(t) => template(t),
        Action::Diff(d) => diff::run(d),
        Action::Snapshot(s) => snapshot::run(s),
        Action::Lint(l) => lint::run(l),
        Action::Schema(s) => schema::run(s),
        Action::Values(v) => values_doc::run_values(v),
        Action::Docs(d) => values_doc::run_docs(d),
    }
}

fn template(t: &TemplateOptions) -> Result<ExitCode> {
    // Collected and written at once: stderr is unbuffered, and `eprintln!` makes a system
    // call of each piece of a line, three a warning (a tenth of a render's system calls).
    let mut warnings = String::new();
    let rendered = template_render(t, &mut |w| {
        let _ = writeln!(warnings, "warning: {w}");
    });
    let _ = std::io::stderr().write_all(warnings.as_bytes());
    let rendered = rendered?;
    output::write(&rendered, &t.show_only, t.output_dir.as_deref())?;
    // The process ends next; freeing the render's thousands of allocations one by one
    // would cost more than printing it.
    std::mem::forget(rendered);
    Ok(ExitCode::SUCCESS)
}

fn template_render(t: &TemplateOptions, warn: &mut dyn FnMut(&str)) -> Result<Rendered> {
    let chart = Chart::load(&t.chart)?;
    let release = Release {
        name: t.release.clone(),
        namespace: t.namespace.clone(),
    };
    if t.lenient {
        let layers = load_layers(&chart, &t.inputs)?;
        with_chart_values!(chart.kind, V => {
            let values = typed_values_as::<V>(&layers, true, warn)?;
            render_values(&Renderer::new(&chart)?, &values, &release)
        })
    } else {
        render(&chart, &t.inputs, &release, warn)
    }
}

/// Loads and merges the values, types and cleans them, renders the chart and checks the
/// result. Warnings go to `warn`; nothing is printed here.
pub fn render(
    chart: &Chart,
    inputs: &ValueInputs,
    release: &Release,
    warn: &mut dyn FnMut(&str),
) -> Result<Rendered> {
    with_chart_values!(chart.kind, V => render_as::<V>(chart, inputs, release, warn))
}

/// [`render`] with the chart's values type.
fn render_as<V: ChartValues>(
    chart: &Chart,
    inputs: &ValueInputs,
    release: &Release,
    warn: &mut dyn FnMut(&str),
) -> Result<Rendered> {
    if chart.precompiled.is_some() {
        // Nothing to compile: the built-in templates are Rust already.
        let renderer = Renderer::new(chart)?;
        let layers = load_layers(chart, inputs)?;
        let values = typed_values_as::<V>(&layers, false, warn)?;
        // The render can reuse the untyped trees' memory.
        drop(layers);
        return render_values(&renderer, &values, release);
    }
    // Compiling a chart's templates costs about as much as reading and typing the values,
    // so it runs on the other core meanwhile. Values errors still come first.
    std::thread::scope(|s| {
        let compiling = s.spawn(|| Renderer::new(chart));
        let values = load_layers(chart, inputs)
            .and_then(|layers| typed_values_as::<V>(&layers, false, warn));
        let renderer = compiling
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let values = values?;
        render_values(&renderer?, &values, release)
    })
}

/// [`render`] from values already loaded (the property tests and the fuzz target build
/// their values in memory).
pub fn render_layers(
    chart: &Chart,
    layers: &ValueLayers,
    release: &Release,
    warn: &mut dyn FnMut(&str),
) -> Result<Rendered> {
    let renderer = Renderer::new(chart)?;
    render_with(&renderer, layers, release, warn)
}

/// [`render_layers`] with templates compiled once: a [`Renderer`] can be shared by many
/// renders and threads.
pub fn render_with(
    renderer: &Renderer,
    layers: &ValueLayers,
    release: &Release,
    warn: &mut dyn FnMut(&str),
) -> Result<Rendered> {
    with_chart_values!(renderer.chart().kind, V => {
        let values = typed_values_as::<V>(layers, false, warn)?;
        render_values(renderer, &values, release)
    })
}

/// The merged values typed as a chart's values `V`, validated and with placeholders
/// dropped; with `lenient`, unknown keys are dropped with a warning each.
pub fn typed_values_as<V: ChartValues>(
    layers: &ValueLayers,
    lenient: bool,
    warn: &mut dyn FnMut(&str),
) -> Result<V> {
    let mut values: V = values_error::typed_with(layers, lenient, warn)?;
    let problems = values.validate();
    if !problems.is_empty() {
        return Err(values_error::report(layers, &problems));
    }
    for w in values.drop_placeholders() {
        warn(&w);
    }
    Ok(values)
}

/// Renders typed values and checks the result.
pub fn render_values(
    renderer: &Renderer,
    values: &impl serde::Serialize,
    release: &Release,
) -> Result<Rendered> {
    let output = renderer.render(values, release)?;
    let mut problems = check::file_problems(&renderer.chart().meta.name, &output.files);
    problems.extend(check::manifest_problems(&output));
    check::verdict(&problems)?;
    Ok(output)
}

/// One environment of a many-environment render: its values and where it is installed.
#[derive(Debug, Clone)]
pub struct Environment {
    pub inputs: ValueInputs,
    pub release: Release,
}

/// The outcome of one environment: the render and its warnings, or why it failed.
pub type EnvironmentResult = Result<(Rendered, Vec<String>)>;

/// Renders many environments of one chart: templates are compiled and defaults parsed
/// once, and the environments are shared out over every core. Results come back in the
/// order of `envs`; one environment failing does not stop the others.
pub fn render_many(chart: &Chart, envs: &[Environment]) -> Result<Vec<EnvironmentResult>> {
    let renderer = Renderer::new(chart)?;
    let defaults = ValueLayers::defaults(chart)?;
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(envs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let one = |env: &Environment| -> EnvironmentResult {
        let mut warnings = Vec::new();
        let layers = add_inputs(defaults.clone(), &env.inputs)?;
        let output = render_with(&renderer, &layers, &env.release, &mut |w| {
            warnings.push(w.to_owned());
        })?;
        Ok((output, warnings))
    };
    // Workers take the next environment as they finish, so one slow environment does not
    // leave a core idle; each keeps its index to restore the order.
    let mut results: Vec<(usize, EnvironmentResult)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(env) = envs.get(i) else { break };
                        done.push((i, one(env)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
}

pub fn load_layers(chart: &Chart, inputs: &ValueInputs) -> Result<ValueLayers> {
    add_inputs(ValueLayers::defaults(chart)?, inputs)
}

fn add_inputs(mut layers: ValueLayers, inputs: &ValueInputs) -> Result<ValueLayers> {
    for file in &inputs.files {
        layers.add_file(file)?;
    }
    for (kind, arg) in &inputs.flags {
        layers.add_flag(*kind, arg)?;
    }
    Ok(layers)
}
