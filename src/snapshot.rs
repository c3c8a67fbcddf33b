//! `michart snapshot`: the render kept as one file per object, checked (or rewritten) so a
//! change in any environment's output cannot go unnoticed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::chart::Chart;
use crate::cli::{SnapshotOptions, ValueInputs};
use crate::diff::{self, Doc, ObjectDiff, Status, Style};
use crate::renderer::{Manifest, Release, Rendered};

/// Every object as `(file name, text)`, sorted by file name: `<kind>-<name>.yaml`,
/// lowercase, holding the object's document after a `# Source:` line naming its template.
pub fn object_files(rendered: &Rendered) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = rendered
        .manifests
        .iter()
        .map(|m| object_file(&rendered.chart, m))
        .collect();
    files.sort();
    files
}

fn object_file(chart: &str, m: &Manifest) -> (String, String) {
    let stem: String = format!("{}-{}", m.kind(), m.name())
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let text = format!("# Source: {chart}/templates/{}\n{}\n", m.template, m.text);
    (format!("{stem}.yaml"), text)
}

pub fn run(o: &SnapshotOptions) -> Result<ExitCode> {
    let chart = Chart::load(&o.chart)?;
    let style = Style {
        color: color_wanted(),
        show_secrets: o.show_secrets,
    };
    match &o.envs {
        None => single(o, &chart, style),
        Some(envs) => environments(o, &chart, envs, style),
    }
}

/// Colour only for a person at a terminal who has not opted out.
pub fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn release(o: &SnapshotOptions) -> Release {
    Release {
        name: o.release.clone(),
        namespace: o.namespace.clone(),
    }
}

fn single(o: &SnapshotOptions, chart: &Chart, style: Style) -> Result<ExitCode> {
    let rendered = crate::render(chart, &o.inputs, &release(o), &mut |w| {
        eprintln!("warning: {w}");
    })?;
    let files = object_files(&rendered);
    let existing = read_dir(&o.dir)?;
    if o.update {
        let line = update_line(existing.as_ref(), &files);
        write_atomic(&o.dir, &files)?;
        println!("{}: {line}", o.dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(existing) = existing else {
        println!(
            "{}: no snapshot folder; run with --update to create it",
            o.dir.display()
        );
        return Ok(ExitCode::from(1));
    };
    let diffs = compare(&existing, &files, &rendered)?;
    let total = rendered.manifests.len();
    if diffs.is_empty() {
        println!(
            "{}: {}",
            o.dir.display(),
            diff::summary_with(&diffs, total, WORDS)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!(
        "{}: {}\n",
        o.dir.display(),
        diff::summary_with(&diffs, total, WORDS)
    );
    out.push_str(&diff::objects_text(
        &diffs,
        "the snapshot",
        "the render",
        style,
    ));
    out.push_str("run with --update to accept these changes\n");
    print!("{out}");
    Ok(ExitCode::from(1))
}

fn is_yaml(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml"))
}

/// Objects only the render has lack a snapshot file; those only the snapshot has are extra.
const WORDS: [&str; 2] = ["missing", "extra"];

/// Snapshot files found in a folder: file name to text. `None` when the folder is absent.
type Files = BTreeMap<String, String>;

fn read_dir(dir: &Path) -> Result<Option<Files>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut files = Files::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !is_yaml(&name) {
            continue;
        }
        let path = entry.path();
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if !text.starts_with("# Source: ") {
            bail!(
                "{} is not a michart snapshot file (it does not start with `# Source:`); \
                 a snapshot folder holds only the files michart writes",
                path.display()
            );
        }
        files.insert(name, text);
    }
    Ok(Some(files))
}

fn parse(name: &str, text: &str) -> Result<Doc> {
    let object: serde_json::Value = serde_yaml_ng::from_str(text)
        .with_context(|| format!("snapshot file {name} is not valid YAML"))?;
    let template = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# Source: "))
        .and_then(|s| s.split_once("/templates/"))
        .map(|(_, t)| t.to_owned())
        .unwrap_or_default();
    Ok(Doc {
        kind: object["kind"].as_str().unwrap_or_default().to_owned(),
        name: object["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        template,
        file: Some(name.to_owned()),
        object,
    })
}

/// The differences between the snapshot files and the render's, structured where the
/// objects differ and line by line where only the text's layout does.
fn compare(
    existing: &Files,
    files: &[(String, String)],
    rendered: &Rendered,
) -> Result<Vec<ObjectDiff>> {
    let expected: BTreeMap<&str, &str> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let mut left = Vec::new();
    for (name, text) in existing {
        if expected.get(name.as_str()) != Some(&text.as_str()) {
            left.push(parse(name, text)?);
        }
    }
    let mut right = Vec::new();
    for m in &rendered.manifests {
        let (name, text) = object_file(&rendered.chart, m);
        if existing.get(&name) != Some(&text) {
            let mut doc = Doc::from_manifest(m)?;
            doc.file = Some(name);
            right.push(doc);
        }
    }
    let mut diffs = diff::diff_objects(&left, &right);
    for (name, text) in existing {
        let Some(new) = expected.get(name.as_str()) else {
            continue;
        };
        let shown = diffs.iter().any(|d| {
            d.left.as_ref().and_then(|s| s.file.as_deref()) == Some(name)
                || d.right.as_ref().and_then(|s| s.file.as_deref()) == Some(name)
        });
        if text != new && !shown {
            let doc = parse(name, text)?;
            let side = || diff::Side {
                name: doc.name.clone(),
                file: Some(name.clone()),
            };
            diffs.push(ObjectDiff {
                status: Status::Changed,
                kind: doc.kind.clone(),
                left: Some(side()),
                right: Some(side()),
                changes: diff::line_changes(text, new),
            });
        }
    }
    Ok(diffs)
}

fn update_line(existing: Option<&Files>, files: &[(String, String)]) -> String {
    let Some(existing) = existing else {
        return format!("created ({} files)", files.len());
    };
    let changed = files
        .iter()
        .filter(|(n, t)| existing.get(n).is_some_and(|old| old != t))
        .count();
    let added = files
        .iter()
        .filter(|(n, _)| !existing.contains_key(n))
        .count();
    let removed = existing
        .keys()
        .filter(|n| !files.iter().any(|(f, _)| f == *n))
        .count();
    if changed + added + removed == 0 {
        "up to date".to_owned()
    } else {
        format!("updated ({changed} changed, {added} added, {removed} removed)")
    }
}

/// Replaces `dir` with exactly `files` (other kinds of files in it are kept): the new
/// folder is staged beside it and renamed into place, so a failure leaves the old one.
fn write_atomic(dir: &Path, files: &[(String, String)]) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = dir
        .file_name()
        .with_context(|| format!("{} cannot be a snapshot folder", dir.display()))?
        .to_string_lossy()
        .into_owned();
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{base}.michart-"))
        .tempdir_in(&parent)
        .with_context(|| format!("cannot write in {}", parent.display()))?;
    if dir.exists() {
        for entry in
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?
        {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type()?.is_dir() {
                bail!(
                    "{} holds a folder ({name}); a snapshot folder holds only files, so it is left as is",
                    dir.display()
                );
            }
            if !is_yaml(&name) {
                std::fs::copy(entry.path(), staging.path().join(&name))
                    .with_context(|| format!("cannot copy {}", entry.path().display()))?;
            }
        }
    }
    for (name, text) in files {
        let path = staging.path().join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let old = parent.join(format!(".{base}.michart-old"));
    if dir.exists() {
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(dir, &old).with_context(|| format!("cannot replace {}", dir.display()))?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, dir) {
        let _ = std::fs::rename(&old, dir);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e).with_context(|| format!("cannot write {}", dir.display()));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Environments mode: every `ENVDIR/<env>.yaml` over the shared values, checked against
/// `DIR/<env>/`.
fn environments(
    o: &SnapshotOptions,
    chart: &Chart,
    env_dir: &Path,
    style: Style,
) -> Result<ExitCode> {
    let mut names = Vec::new();
    for entry in
        std::fs::read_dir(env_dir).with_context(|| format!("cannot read {}", env_dir.display()))?
    {
        let path = entry?.path();
        let Some(file) = path.file_name().map(|f| f.to_string_lossy().into_owned()) else {
            continue;
        };
        if let Some(stem) = file
            .strip_suffix(".yaml")
            .or_else(|| file.strip_suffix(".yml"))
        {
            if !stem.starts_with('.') && path.is_file() {
                names.push((stem.to_owned(), path));
            }
        }
    }
    names.sort();
    if names.is_empty() {
        bail!(
            "{} holds no environment values files (*.yaml)",
            env_dir.display()
        );
    }
    let envs: Vec<crate::Environment> = names
        .iter()
        .map(|(_, path)| crate::Environment {
            inputs: env_inputs(&o.inputs, path),
            release: release(o),
        })
        .collect();
    let results = crate::render_many(chart, &envs)?;

    let mut failed = false;
    let mut drift = false;
    let mut summary = String::new();
    let mut errors = String::new();
    let mut details = String::new();
    let mut updates = Vec::new();
    for ((name, path), result) in names.iter().zip(results) {
        let (rendered, warnings) = match result {
            Ok(r) => r,
            Err(e) => {
                failed = true;
                let line = format!("error   {name}: {}\n", error_text(&e));
                summary.push_str(&line);
                errors.push_str(&line);
                continue;
            }
        };
        for w in warnings {
            eprintln!("warning: {name} ({}): {w}", path.display());
        }
        let files = object_files(&rendered);
        let dir = o.dir.join(name);
        let existing = read_dir(&dir)?;
        if o.update {
            let _ = writeln!(
                summary,
                "{:<7} {name}: {}",
                "update",
                update_line(existing.as_ref(), &files)
            );
            updates.push((dir, files));
            continue;
        }
        let Some(existing) = existing else {
            drift = true;
            let _ = writeln!(
                summary,
                "missing {name}: no snapshot folder {}; run with --update to create it",
                dir.display()
            );
            continue;
        };
        let diffs = compare(&existing, &files, &rendered)?;
        let line = diff::summary_with(&diffs, rendered.manifests.len(), WORDS);
        if diffs.is_empty() {
            let _ = writeln!(summary, "ok      {name}: {line}");
        } else {
            drift = true;
            let _ = writeln!(summary, "drift   {name}: {line}");
            let _ = writeln!(details, "\n{name} ({}):", dir.display());
            details.push_str(&diff::objects_text(
                &diffs,
                "the snapshot",
                "the render",
                style,
            ));
        }
    }
    let stale_dirs = stale_folders(&o.dir, &names)?;
    for dir in &stale_dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy();
        if o.update {
            let _ = writeln!(
                summary,
                "removed {name}: no {}/{name}.yaml",
                env_dir.display()
            );
        } else {
            drift = true;
            let _ = writeln!(
                summary,
                "stale   {name}: {} has no environment {}/{name}.yaml",
                dir.display(),
                env_dir.display()
            );
        }
    }
    if failed && o.update {
        print!("{errors}");
        eprintln!("error: some environments did not render; nothing was updated");
        return Ok(ExitCode::from(2));
    }
    if o.update {
        for (dir, files) in &updates {
            write_atomic(dir, files)?;
        }
        for dir in &stale_dirs {
            std::fs::remove_dir_all(dir)
                .with_context(|| format!("cannot remove {}", dir.display()))?;
        }
    }
    print!("{summary}{details}");
    if failed {
        eprintln!("error: some environments did not render");
        return Ok(ExitCode::from(2));
    }
    if drift {
        println!("run with --update to accept these changes");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn env_inputs(shared: &ValueInputs, env_file: &Path) -> ValueInputs {
    let mut inputs = shared.clone();
    inputs.files.push(env_file.to_path_buf());
    inputs
}

fn error_text(e: &anyhow::Error) -> String {
    e.chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
        .replace('\n', "\n        ")
}

/// Snapshot folders whose environment is gone: they would otherwise pass unnoticed.
fn stale_folders(dir: &Path, names: &[(String, PathBuf)]) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    let mut stale = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir()
            && !name.starts_with('.')
            && !names.iter().any(|(n, _)| *n == name)
            && read_dir(&entry.path()).is_ok_and(|f| f.is_some_and(|f| !f.is_empty()))
        {
            stale.push(entry.path());
        }
    }
    stale.sort();
    Ok(stale)
}
