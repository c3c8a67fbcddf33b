//! michart: render the WSO2 Integrator: MI Helm chart from typed, validated values.

pub mod chart;
pub mod check;
pub mod cli;
pub mod config;
pub mod deployment;
pub mod escape;
pub mod output;
pub mod renderer;
pub mod scalar;
pub mod set_flag;
pub mod validate;
pub mod value_layers;
pub mod values;
pub mod values_error;

use std::process::ExitCode;

use anyhow::Result;

use crate::chart::Chart;
use crate::cli::{Action, Options, TemplateOptions, ValueInputs};
use crate::renderer::{Release, Rendered, Renderer};
use crate::value_layers::ValueLayers;
use crate::values::Values;

pub fn run(options: &Options) -> Result<ExitCode> {
    match &options.command {
        Action::Template(t) => template(t),
    }
}

fn template(t: &TemplateOptions) -> Result<ExitCode> {
    let chart = Chart::load(&t.chart)?;
    let release = Release {
        name: t.release.clone(),
        namespace: t.namespace.clone(),
    };
    let rendered = render(&chart, &t.inputs, &release, &mut |w| {
        eprintln!("warning: {w}");
    })?;
    output::write(&rendered, &t.show_only, t.output_dir.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

/// Loads and merges the values, types and cleans them, renders the chart and checks the
/// result. Warnings go to `warn`; nothing is printed here.
pub fn render(
    chart: &Chart,
    inputs: &ValueInputs,
    release: &Release,
    warn: &mut dyn FnMut(&str),
) -> Result<Rendered> {
    let layers = load_layers(chart, inputs)?;
    let mut values: Values = values_error::typed(&layers)?;
    let problems = validate::validate(&values);
    if !problems.is_empty() {
        return Err(values_error::report(&layers, &problems));
    }
    for w in values.drop_placeholders() {
        warn(&w);
    }
    let rendered = Renderer::new(chart)?.render(&values, release)?;
    check::check(&rendered)?;
    Ok(rendered)
}

pub fn load_layers(chart: &Chart, inputs: &ValueInputs) -> Result<ValueLayers> {
    let mut layers = ValueLayers::new(&chart.values_name, &chart.default_values)?;
    for file in &inputs.files {
        layers.add_file(file)?;
    }
    for (kind, arg) in &inputs.flags {
        layers.add_flag(*kind, arg)?;
    }
    Ok(layers)
}
