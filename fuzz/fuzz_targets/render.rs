//! Bytes as a values file -> load, type, validate, render, check. A panic is a bug, and so
//! is an internal error or a template failure: values that pass validation must render to
//! output that passes the checks.

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

/// Compiled once: compiling the templates would otherwise cost more than a render.
fn renderer() -> &'static Renderer<'static> {
    static RENDERER: OnceLock<Renderer<'static>> = OnceLock::new();
    RENDERER.get_or_init(|| Renderer::new(chart()).expect("templates compile"))
}

fn render(text: &str) -> anyhow::Result<()> {
    let chart = chart();
    let mut layers = ValueLayers::defaults(chart)?;
    layers.add_text("fuzz.yaml", text.to_owned())?;
    let release = Release {
        name: "dev-mi".into(),
        namespace: "mi-test".into(),
    };
    michart::render_with(renderer(), &layers, &release, &mut |_| {})?;
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
