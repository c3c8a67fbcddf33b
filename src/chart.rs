//! A chart: its metadata, default values and templates, embedded in the binary or read
//! from a folder on disk (so users can adapt templates without recompiling).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};
use serde::Deserialize;

static MI: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/charts/mi");

/// Chart names built into the binary.
pub const BUILT_IN: &[&str] = &["mi"];

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartMeta {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub app_version: String,
}

/// A template file: its name relative to its folder, and its text.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    pub source: String,
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
    /// Where the chart came from, for messages: `mi (built in)` or the folder.
    pub origin: String,
    /// Display name of the defaults file, for messages.
    pub values_name: String,
    pub default_values: String,
    /// Configuration files (`config/`), rendered first and embedded in manifests.
    pub config: Vec<TemplateFile>,
    /// Kubernetes manifests (`templates/`).
    pub templates: Vec<TemplateFile>,
}

impl Chart {
    /// Resolves the chart argument: a built-in chart name, or a folder on disk.
    pub fn load(spec: &str) -> Result<Chart> {
        let path = Path::new(spec);
        if spec == "mi" && !path.is_dir() {
            return Chart::embedded(&MI, spec);
        }
        if !path.is_dir() {
            bail!(
                "chart `{spec}` is neither a built-in chart ({}) nor a folder",
                BUILT_IN.join(", ")
            );
        }
        Chart::from_folder(path)
    }

    fn embedded(dir: &Dir<'static>, name: &str) -> Result<Chart> {
        let text = |path: &str| -> Result<String> {
            let file = dir
                .get_file(path)
                .with_context(|| format!("built-in chart {name} has no {path}"))?;
            Ok(file
                .contents_utf8()
                .with_context(|| format!("{path} is not UTF-8"))?
                .to_owned())
        };
        let folder = |sub: &str| -> Vec<TemplateFile> {
            let mut files: Vec<TemplateFile> = dir
                .get_dir(sub)
                .into_iter()
                .flat_map(Dir::files)
                .filter_map(|f| {
                    Some(TemplateFile {
                        name: f.path().file_name()?.to_str()?.to_owned(),
                        source: f.contents_utf8()?.to_owned(),
                    })
                })
                .collect();
            files.sort_by(|a, b| a.name.cmp(&b.name));
            files
        };
        Ok(Chart {
            meta: serde_yaml_ng::from_str(&text("Chart.yaml")?).context("Chart.yaml")?,
            origin: format!("{name} (built in)"),
            values_name: format!("{name}/values.yaml (chart defaults)"),
            default_values: text("values.yaml")?,
            config: folder("config"),
            templates: folder("templates"),
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
                        source: read(path.clone())?,
                    });
                }
            }
            files.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(files)
        };
        let chart_yaml = root.join("Chart.yaml");
        let meta = serde_yaml_ng::from_str(&read(chart_yaml.clone())?)
            .with_context(|| format!("{} is not a valid Chart.yaml", chart_yaml.display()))?;
        let values = root.join("values.yaml");
        Ok(Chart {
            meta,
            origin: root.display().to_string(),
            values_name: values.display().to_string(),
            default_values: read(values)?,
            config: folder("config")?,
            templates: folder("templates")?,
        })
    }
}
