//! Inputs the fuzz target (`fuzz/`) once crashed on, kept in `fuzz/regressions/`. Each must
//! now render or be refused as bad values: no panic, no internal error, no template failure.

use std::path::Path;

use michart::chart::Chart;
use michart::renderer::Release;
use michart::value_layers::ValueLayers;

#[test]
fn fuzz_regressions_render_or_are_refused_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let chart = Chart::load("mi").unwrap();
    let release = Release {
        name: "dev-mi".into(),
        namespace: "mi-test".into(),
    };
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        // The fuzz target skips input that is not UTF-8 too.
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        count += 1;
        let mut layers = ValueLayers::defaults(&chart).unwrap();
        let result = layers
            .add_text("fuzz.yaml", text)
            .and_then(|()| michart::render_layers(&chart, &layers, &release, &mut |_| {}));
        if let Err(e) = result {
            let msg = format!("{e:#}");
            assert!(
                !msg.contains("internal error") && !msg.contains("cannot render"),
                "{}: {msg}",
                path.display()
            );
        }
    }
    assert!(count > 0, "no regression inputs in {}", dir.display());
}
