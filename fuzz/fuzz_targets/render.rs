//! Bytes as a values file -> load, type, validate, render, check. A panic is a bug, and so
//! is an internal error or a template failure: values that pass validation must render to
//! output that passes the checks. The built-in templates compiled to Rust and the same
//! templates interpreted by minijinja must agree on every input.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use michart::chart::Chart;
use michart::renderer::{Release, Renderer};
use michart::value_layers::ValueLayers;

fn chart() -> &'static Chart {
    static CHART: OnceLock<Chart> = OnceLock::new();
    CHART.get_or_init(|| Chart::load("mi").expect("built-in chart"))
}

fn renderer() -> &'static Renderer<'static> {
    static RENDERER: OnceLock<Renderer<'static>> = OnceLock::new();
    RENDERER.get_or_init(|| Renderer::new(chart()).expect("built-in chart"))
}

/// The same templates interpreted, compiled once (compiling costs more than a render).
fn interpreter() -> &'static Renderer<'static> {
    static CHART: OnceLock<Chart> = OnceLock::new();
    static RENDERER: OnceLock<Renderer<'static>> = OnceLock::new();
    let chart = CHART.get_or_init(|| chart().interpreted());
    RENDERER.get_or_init(|| Renderer::new(chart).expect("templates compile"))
}

fn render(text: &str) -> anyhow::Result<()> {
    let chart = chart();
    let mut layers = ValueLayers::defaults(chart)?;
    layers.add_text("fuzz.yaml", text.to_owned())?;
    let release = Release {
        name: "dev-mi".into(),
        namespace: "mi-test".into(),
    };
    let compiled = michart::render_with(renderer(), &layers, &release, &mut |_| {});
    let interpreted = michart::render_with(interpreter(), &layers, &release, &mut |_| {});
    match (&compiled, &interpreted) {
        (Ok(a), Ok(b)) => assert_eq!(
            michart::output::to_text(a, &[]).ok(),
            michart::output::to_text(b, &[]).ok(),
            "compiled and interpreted templates disagree"
        ),
        (a, b) => assert_eq!(
            a.as_ref().map(drop).map_err(|e| format!("{e:#}")),
            b.as_ref().map(drop).map_err(|e| format!("{e:#}")),
            "compiled and interpreted templates disagree"
        ),
    }
    compiled?;
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = render(text) {
        let msg = format!("{e:#}");
        assert!(
            !msg.contains("internal error") && !msg.contains("cannot render"),
            "{msg}"
        );
    }
});
