//! Command-line flags as clap parses them, and their validation into [`Options`], the
//! only form the rest of the program sees.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};

use crate::set_flag::SetKind;

#[derive(Debug, Parser)]
#[command(
    name = "michart",
    version,
    about = "Render the WSO2 Integrator: MI chart from typed values"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render the chart's Kubernetes manifests to stdout (or --output-dir).
    Template(TemplateArgs),
    /// Compare the renders (or effective values) of two values files, object by object.
    Diff(DiffArgs),
    /// Check the render against snapshot files (one per object), or rewrite them.
    Snapshot(SnapshotArgs),
    /// Check values without rendering them out: errors, placeholders, production warnings.
    Lint(LintArgs),
    /// Print the JSON Schema of the values (for values.schema.json and editors).
    Schema(SchemaArgs),
    /// Print the chart's default values, or with --explain where every value comes from.
    Values(ValuesArgs),
    /// Print the values reference (path, type, default, description) as Markdown.
    Docs(DocsArgs),
}

#[derive(Debug, Args)]
struct LintArgs {
    /// A built-in chart (`mi`, `icp`) or a chart folder on disk.
    #[arg(default_value = "mi")]
    chart: String,
    #[command(flatten)]
    values: ValueArgs,
    /// Release name the checked render uses.
    #[arg(long, default_value = "mi")]
    release: String,
    /// Namespace the checked render uses.
    #[arg(short, long, default_value = "default")]
    namespace: String,
    /// Report unknown keys as warnings instead of errors.
    #[arg(long)]
    lenient: bool,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "text")]
    output: LintFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// A built-in chart (`mi`, `icp`) or a chart folder on disk.
    #[arg(default_value = "mi")]
    chart: String,
}

#[derive(Debug, Args)]
struct ValuesArgs {
    /// A built-in chart (`mi`, `icp`) or a chart folder on disk.
    #[arg(default_value = "mi")]
    chart: String,
    #[command(flatten)]
    values: ValueArgs,
    /// List every effective value with where it came from (chart default, file and line, flag).
    #[arg(long)]
    explain: bool,
    /// Show passwords and tokens instead of hiding them.
    #[arg(long)]
    show_secrets: bool,
}

#[derive(Debug, Args)]
struct DocsArgs {
    /// A built-in chart (`mi`, `icp`) or a chart folder on disk.
    #[arg(default_value = "mi")]
    chart: String,
    /// Write the reference to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Do not write: exit 1 if FILE (--output) is not up to date.
    #[arg(long, requires = "output")]
    check: bool,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// Values file of the left side (e.g. staging.yaml), layered over the -f files.
    left: PathBuf,
    /// Values file of the right side (e.g. prod.yaml), layered over the -f files.
    right: PathBuf,
    /// A built-in chart (`mi`, `icp`) or a chart folder on disk.
    #[arg(default_value = "mi")]
    chart: String,
    /// Shared values: -f files under both sides, --set flags over both.
    #[command(flatten)]
    values: ValueArgs,
    /// Release name both sides are rendered with.
    #[arg(long, default_value = "mi")]
    release: String,
    /// Namespace both sides are rendered in.
    #[arg(short, long, default_value = "default")]
    namespace: String,
    /// Show passwords, tokens and Secret data instead of their length.
    #[arg(long)]
    show_secrets: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "text")]
    output: DiffFormat,
    /// Compare the effective values (typed, defaults applied) instead of the rendered objects.
    #[arg(long)]
    effective_values: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
struct SnapshotArgs {
    /// Snapshot folder; with --envs, the folder holding one snapshot folder per environment.
    dir: PathBuf,
    /// A built-in chart (`mi`, `icp`) or a chart folder on disk.
    #[arg(default_value = "mi")]
    chart: String,
    /// Values: -f files and --set flags (with --envs, shared by every environment).
    #[command(flatten)]
    values: ValueArgs,
    /// Release name of the render.
    #[arg(long, default_value = "mi")]
    release: String,
    /// Namespace of the render.
    #[arg(short, long, default_value = "default")]
    namespace: String,
    /// Environments mode: render every ENVDIR/<env>.yaml (over the -f files) and check it
    /// against DIR/<env>/.
    #[arg(long, value_name = "ENVDIR")]
    envs: Option<PathBuf>,
    /// Rewrite the snapshot files from the render instead of checking them.
    #[arg(long)]
    update: bool,
    /// Show passwords, tokens and Secret data in the differences.
    #[arg(long)]
    show_secrets: bool,
}

#[derive(Debug, Args)]
struct TemplateArgs {
    /// Release name: a lowercase RFC 1123 label of at most 53 characters.
    release: String,
    /// A built-in chart (`mi`, `icp`) or a chart folder on disk.
    #[arg(default_value = "mi")]
    chart: String,
    #[command(flatten)]
    values: ValueArgs,
    /// Namespace of the rendered objects.
    #[arg(short, long, default_value = "default")]
    namespace: String,
    /// Write one file per template under DIR/<chart>/templates/ instead of stdout.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Only print the objects of this template (e.g. templates/mi-deployment.yaml); repeatable.
    #[arg(short = 's', long, value_name = "TEMPLATE")]
    show_only: Vec<String>,
    /// Warn about unknown keys instead of refusing them (for values files with extra keys).
    #[arg(long)]
    lenient: bool,
}

#[derive(Debug, Args)]
struct ValueArgs {
    /// Values file, merged over the chart defaults; repeatable, later files win. `-` is stdin.
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Set a value: `a.b=1,c.d=text` (helm syntax); repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    set: Vec<String>,
    /// Set a value that is always a string; repeatable.
    #[arg(long = "set-string", value_name = "PATH=VALUE")]
    set_string: Vec<String>,
    /// Set a value given as JSON: `a.b={"x":1}`; repeatable.
    #[arg(long = "set-json", value_name = "PATH=JSON")]
    set_json: Vec<String>,
}

/// What to render: the validated form of the flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub command: Action,
}

#[derive(Debug, Clone)]
pub enum Action {
    Template(TemplateOptions),
    Diff(DiffOptions),
    Snapshot(SnapshotOptions),
    Lint(LintOptions),
    Schema(SchemaOptions),
    Values(ValuesOptions),
    Docs(DocsOptions),
}

#[derive(Debug, Clone)]
pub struct LintOptions {
    pub chart: String,
    pub release: String,
    pub namespace: String,
    pub inputs: ValueInputs,
    pub lenient: bool,
    pub strict: bool,
    pub format: LintFormat,
}

#[derive(Debug, Clone)]
pub struct SchemaOptions {
    pub chart: String,
}

#[derive(Debug, Clone)]
pub struct ValuesOptions {
    pub chart: String,
    pub inputs: ValueInputs,
    pub explain: bool,
    pub show_secrets: bool,
}

#[derive(Debug, Clone)]
pub struct DocsOptions {
    pub chart: String,
    pub output: Option<PathBuf>,
    pub check: bool,
}

#[derive(Debug, Clone)]
pub struct DiffOptions {
    pub left: PathBuf,
    pub right: PathBuf,
    pub chart: String,
    pub release: String,
    pub namespace: String,
    /// The shared values: each side adds its file after `files`, before `flags`.
    pub inputs: ValueInputs,
    pub show_secrets: bool,
    pub format: DiffFormat,
    pub effective_values: bool,
}

#[derive(Debug, Clone)]
pub struct SnapshotOptions {
    pub dir: PathBuf,
    pub chart: String,
    pub release: String,
    pub namespace: String,
    pub inputs: ValueInputs,
    pub envs: Option<PathBuf>,
    pub update: bool,
    pub show_secrets: bool,
}

#[derive(Debug, Clone)]
pub struct TemplateOptions {
    pub release: String,
    pub chart: String,
    pub namespace: String,
    pub inputs: ValueInputs,
    pub output_dir: Option<PathBuf>,
    pub show_only: Vec<String>,
    pub lenient: bool,
}

/// Values files and flags, in the order helm applies them.
#[derive(Debug, Clone, Default)]
pub struct ValueInputs {
    pub files: Vec<PathBuf>,
    pub flags: Vec<(SetKind, String)>,
}

impl Cli {
    /// Checks what clap cannot: names Kubernetes would refuse.
    pub fn validate(self) -> Result<Options> {
        let command = match self.command {
            Command::Template(t) => {
                check_target(&t.release, &t.namespace)?;
                Action::Template(TemplateOptions {
                    release: t.release,
                    chart: t.chart,
                    namespace: t.namespace,
                    inputs: t.values.into_inputs(),
                    output_dir: t.output_dir,
                    show_only: t.show_only,
                    lenient: t.lenient,
                })
            }
            Command::Lint(l) => {
                check_target(&l.release, &l.namespace)?;
                Action::Lint(LintOptions {
                    chart: l.chart,
                    release: l.release,
                    namespace: l.namespace,
                    inputs: l.values.into_inputs(),
                    lenient: l.lenient,
                    strict: l.strict,
                    format: l.output,
                })
            }
            Command::Schema(s) => Action::Schema(SchemaOptions { chart: s.chart }),
            Command::Values(v) => Action::Values(ValuesOptions {
                chart: v.chart,
                inputs: v.values.into_inputs(),
                explain: v.explain,
                show_secrets: v.show_secrets,
            }),
            Command::Docs(d) => Action::Docs(DocsOptions {
                chart: d.chart,
                output: d.output,
                check: d.check,
            }),
            Command::Diff(d) => {
                check_target(&d.release, &d.namespace)?;
                Action::Diff(DiffOptions {
                    left: d.left,
                    right: d.right,
                    chart: d.chart,
                    release: d.release,
                    namespace: d.namespace,
                    inputs: d.values.into_inputs(),
                    show_secrets: d.show_secrets,
                    format: d.output,
                    effective_values: d.effective_values,
                })
            }
            Command::Snapshot(s) => {
                check_target(&s.release, &s.namespace)?;
                Action::Snapshot(SnapshotOptions {
                    dir: s.dir,
                    chart: s.chart,
                    release: s.release,
                    namespace: s.namespace,
                    inputs: s.values.into_inputs(),
                    envs: s.envs,
                    update: s.update,
                    show_secrets: s.show_secrets,
                })
            }
        };
        Ok(Options { command })
    }

    /// The exit status of a failure: `diff` and `snapshot` keep 1 for "differences found",
    /// like diff(1), so their errors exit 2.
    pub fn error_status(&self) -> u8 {
        match self.command {
            Command::Template(_)
            | Command::Lint(_)
            | Command::Schema(_)
            | Command::Values(_)
            | Command::Docs(_) => 1,
            Command::Diff(_) | Command::Snapshot(_) => 2,
        }
    }
}

impl ValueArgs {
    fn into_inputs(self) -> ValueInputs {
        let flags = self
            .set_json
            .into_iter()
            .map(|s| (SetKind::Json, s))
            .chain(self.set.into_iter().map(|s| (SetKind::Typed, s)))
            .chain(self.set_string.into_iter().map(|s| (SetKind::String, s)))
            .collect();
        ValueInputs {
            files: self.files,
            flags,
        }
    }
}

/// Where objects are installed: names Kubernetes accepts.
fn check_target(release: &str, namespace: &str) -> Result<()> {
    check_release(release)?;
    check_label("namespace", namespace, 63)
}

/// Helm's own limit: object names get suffixes, so release names stop at 53.
fn check_release(name: &str) -> Result<()> {
    check_label("release name", name, 53)
}

fn check_label(what: &str, name: &str, max: usize) -> Result<()> {
    let shown: String = name.chars().take(80).collect();
    let valid = !name.is_empty()
        && name.len() <= max
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !valid {
        bail!(
            "invalid {what} `{shown}`{}: it must be a lowercase RFC 1123 label of at most {max} \
             characters (a-z, 0-9 and `-`, starting and ending with a letter or digit)",
            if name.len() > max {
                format!(" ({} characters)", name.len())
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_follow_rfc1123_and_helm_length() {
        assert!(check_release("dev-mi").is_ok());
        assert!(check_release(&"a".repeat(53)).is_ok());
        assert!(check_release(&"a".repeat(54)).is_err());
        for bad in ["Dev", "dev_mi", "-dev", "dev-", ""] {
            assert!(check_release(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn flags_keep_helm_precedence() {
        let cli = Cli::parse_from([
            "michart",
            "template",
            "r",
            "--set-string",
            "a=1",
            "--set",
            "a=2",
            "--set-json",
            "a=3",
        ]);
        let Action::Template(t) = cli.validate().unwrap().command else {
            panic!("not a template command")
        };
        let kinds: Vec<SetKind> = t.inputs.flags.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, [SetKind::Json, SetKind::Typed, SetKind::String]);
    }
}
