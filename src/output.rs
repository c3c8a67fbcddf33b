//! Printing a render: multi-document YAML on stdout, or one file per template.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::renderer::Rendered;

/// Writes the manifests of the selected templates. Everything is formatted before the
/// first byte is written, so a failure leaves stdout empty.
pub fn write(rendered: &Rendered, show_only: &[String], dir: Option<&Path>) -> Result<()> {
    match dir {
        None => {
            let text = to_text(rendered, show_only)?;
            print_quietly(&text)
        }
        Some(dir) => write_dir(rendered, &select(rendered, show_only)?, dir),
    }
}

/// The multi-document YAML stream `template` prints.
pub fn to_text(rendered: &Rendered, show_only: &[String]) -> Result<String> {
    let selected = select(rendered, show_only)?;
    let mut text = String::with_capacity(selected.iter().map(|m| m.text.len() + 80).sum());
    for m in selected {
        push_document(&mut text, rendered, &m.template, &m.text);
    }
    Ok(text)
}

fn push_document(out: &mut String, rendered: &Rendered, template: &str, text: &str) {
    for part in [
        "---\n# Source: ",
        &rendered.chart,
        "/templates/",
        template,
        "\n",
        text,
        "\n",
    ] {
        out.push_str(part);
    }
}

fn select<'r>(
    rendered: &'r Rendered,
    show_only: &[String],
) -> Result<Vec<&'r crate::renderer::Manifest>> {
    if show_only.is_empty() {
        return Ok(rendered.manifests.iter().collect());
    }
    let mut wanted = Vec::new();
    for s in show_only {
        let name = s.strip_prefix(&format!("{}/", rendered.chart)).unwrap_or(s);
        let name = name.strip_prefix("templates/").unwrap_or(name);
        if !rendered.manifests.iter().any(|m| m.template == name) {
            bail!("--show-only {s}: no object rendered from template {name} with these values");
        }
        wanted.push(name.to_owned());
    }
    Ok(rendered
        .manifests
        .iter()
        .filter(|m| wanted.contains(&m.template))
        .collect())
}

/// Writes `DIR/<chart>/templates/<template>` like helm, staging in a sibling folder and
/// renaming it into place so a failed run leaves earlier output intact.
fn write_dir(
    rendered: &Rendered,
    selected: &[&crate::renderer::Manifest],
    dir: &Path,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".michart-")
        .tempdir_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let templates = staging.path().join(&rendered.chart).join("templates");
    std::fs::create_dir_all(&templates)?;
    let mut by_template: Vec<(&str, String)> = Vec::new();
    for m in selected {
        let i = by_template
            .iter()
            .position(|(t, _)| *t == m.template)
            .unwrap_or_else(|| {
                by_template.push((&m.template, String::new()));
                by_template.len() - 1
            });
        push_document(&mut by_template[i].1, rendered, &m.template, &m.text);
    }
    for (template, text) in &by_template {
        let path = templates.join(template);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let target = dir.join(&rendered.chart);
    replace_dir(
        &staging.path().join(&rendered.chart),
        &target,
        staging.path(),
    )?;
    let mut report = String::new();
    for (template, _) in &by_template {
        let _ = writeln!(
            report,
            "wrote {}",
            target.join("templates").join(template).display()
        );
    }
    print_quietly(&report)
}

/// Moves the staged folder `new` to `target`. An existing `target` is first moved aside into
/// `aside` (the staging folder, deleted afterwards) and moved back if the second rename
/// fails, so `target` is always either the old or the new folder, never a mix.
fn replace_dir(new: &Path, target: &Path, aside: &Path) -> Result<()> {
    let previous = aside.join("previous");
    let had_previous = target.exists();
    if had_previous {
        std::fs::rename(target, &previous)
            .with_context(|| format!("cannot replace {}", target.display()))?;
    }
    if let Err(e) = std::fs::rename(new, target) {
        if had_previous {
            let _ = std::fs::rename(&previous, target);
        }
        return Err(e).with_context(|| format!("cannot write {}", target.display()));
    }
    Ok(())
}

/// Writes to stdout. A closed pipe (`| head`) is the reader's choice, not an error.
fn print_quietly(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
    }
}
