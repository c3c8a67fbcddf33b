//! A chart: its metadata, default values and templates, embedded in the binary or read
//! from a folder on disk (so users can adapt templates without recompiling).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::chart_values::ChartKind;
use crate::precompiled::{self, Precompiled};

/// A built-in chart's files as the binary holds them.
struct Embedded {
    /// `Chart.yaml`, read into JSON at build time.
    chart_json: &'static str,
    values: &'static str,
    /// `values.yaml`, read into JSON at build time.
    values_json: &'static str,
    config: &'static [(&'static str, &'static str)],
    templates: &'static [(&'static str, &'static str)],
}

// Written by build.rs: `MI` and `ICP`, and `COMMON`, the macro libraries every chart shares
// (`charts/common`: labels, the entrypoint and the secrets-store objects).
include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Chart names built into the binary.
pub const BUILT_IN: &[&str] = &["mi", "icp"];

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartMeta {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub app_version: String,
}

/// A template file: its name relative to its folder, and its text (borrowed from the
/// binary for a built-in chart, whose compiled templates never read it).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub source: Cow<'static, str>,
}

impl TemplateFile {
    /// Files starting with `_` hold macros for other templates and render nothing.
    pub fn is_library(&self) -> bool {
        self.name.starts_with('_')
    }
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub meta: ChartMeta,
    /// Which values type the chart's templates are written against.
    pub kind: ChartKind,
    /// Where the chart came from, for messages: `mi (built in)` or the folder.
    pub origin: String,
    /// Display name of the defaults file, for messages.
    pub values_name: String,
    pub default_values: String,
    /// The defaults already read, as JSON (built-in charts, see build.rs).
    pub default_values_json: Option<&'static str>,
    /// Configuration files (`config/`), rendered first and embedded in manifests.
    pub config: Vec<TemplateFile>,
    /// Kubernetes manifests (`templates/`).
    pub templates: Vec<TemplateFile>,
    /// The same templates compiled to Rust (built-in charts, see build.rs); `None` renders
    /// with minijinja.
    pub precompiled: Option<&'static Precompiled>,
}

impl Chart {
    /// Resolves the chart argument: a built-in chart name, or a folder on disk.
    pub fn load(spec: &str) -> Result<Chart> {
        let path = Path::new(spec);
        if let Some(kind) = ChartKind::from_built_in(spec).filter(|_| !path.is_dir()) {
            let files = match kind {
                ChartKind::Mi => &MI,
                ChartKind::Icp => &ICP,
            };
            return Chart::embedded(files, spec);
        }
        if !path.is_dir() {
            bail!(
                "chart `{spec}` is neither a built-in chart ({}) nor a folder",
                BUILT_IN.join(", ")
            );
        }
        Chart::from_folder(path)
    }

    /// The same chart with its templates interpreted by minijinja, as a chart folder on
    /// disk is, instead of compiled (tests compare both).
    #[must_use]
    pub fn interpreted(&self) -> Chart {
        Chart {
            precompiled: None,
            ..self.clone()
        }
    }

    fn embedded(files: &Embedded, name: &str) -> Result<Chart> {
        let folder = |list: &[(&str, &'static str)]| -> Vec<TemplateFile> {
            list.iter()
                .map(|&(name, source)| TemplateFile {
                    name: name.to_owned(),
                    source: Cow::Borrowed(source),
                })
                .collect()
        };
        let meta: ChartMeta = serde_json::from_str(files.chart_json).context("Chart.yaml")?;
        let kind = kind_of(&meta, name)?;
        let precompiled = match kind {
            ChartKind::Mi => precompiled::mi::PRECOMPILED.as_ref(),
            ChartKind::Icp => precompiled::icp::PRECOMPILED.as_ref(),
        };
        Ok(Chart {
            kind,
            meta,
            origin: format!("{name} (built in)"),
            values_name: format!("{name}/values.yaml (chart defaults)"),
            default_values: files.values.to_owned(),
            default_values_json: Some(files.values_json),
            config: folder(files.config),
            templates: with_common(folder(files.templates)),
            precompiled,
        })
    }

    fn from_folder(root: &Path) -> Result<Chart> {
        let read = |p: PathBuf| {
            std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
        };
        let folder = |sub: &str| -> Result<Vec<TemplateFile>> {
            let dir = root.join(sub);
            if !dir.is_dir() {
                return Ok(Vec::new());
            }
            let mut files = Vec::new();
            for entry in
                std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?
            {
                let path = entry?.path();
                if path.is_file() {
                    let name = path.file_name().and_then(|n| n.to_str());
                    let name = name.with_context(|| format!("{} is not UTF-8", path.display()))?;
                    files.push(TemplateFile {
                        name: name.to_owned(),
                        source: Cow::Owned(read(path.clone())?),
                    });
                }
            }
            files.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(files)
        };
        let chart_yaml = root.join("Chart.yaml");
        let meta: ChartMeta = serde_yaml_ng::from_str(&read(chart_yaml.clone())?)
            .with_context(|| format!("{} is not a valid Chart.yaml", chart_yaml.display()))?;
        let values = root.join("values.yaml");
        Ok(Chart {
            kind: kind_of(&meta, &chart_yaml.display().to_string())?,
            meta,
            origin: root.display().to_string(),
            values_name: values.display().to_string(),
            default_values: read(values)?,
            default_values_json: None,
            config: folder("config")?,
            templates: with_common(folder("templates")?),
            precompiled: None,
        })
    }
}

/// The values type a chart is written against, from the name in its `Chart.yaml`: a chart
/// adapted on disk keeps the name of the built-in chart it came from.
fn kind_of(meta: &ChartMeta, origin: &str) -> Result<ChartKind> {
    ChartKind::from_chart_name(&meta.name).with_context(|| {
        let known: Vec<String> = ChartKind::ALL
            .iter()
            .map(|(_, _, name)| format!("`{name}`"))
            .collect();
        format!(
            "{origin}: chart name `{}` is not one michart has a values model for (known: {})",
            meta.name,
            known.join(", ")
        )
    })
}

/// `templates` plus the shared macro libraries it does not define itself (a chart on disk
/// may override one by having a file of the same name).
fn with_common(mut templates: Vec<TemplateFile>) -> Vec<TemplateFile> {
    for &(name, source) in COMMON {
        if !templates.iter().any(|t| t.name == name) {
            templates.push(TemplateFile {
                name: name.to_owned(),
                source: Cow::Borrowed(source),
            });
        }
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    templates
}
