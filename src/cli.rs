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
}

#[derive(Debug, Args)]
struct TemplateArgs {
    /// Release name: a lowercase RFC 1123 label of at most 53 characters.
    release: String,
    /// A built-in chart (`mi`) or a chart folder on disk.
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
}

#[derive(Debug, Clone)]
pub struct TemplateOptions {
    pub release: String,
    pub chart: String,
    pub namespace: String,
    pub inputs: ValueInputs,
    pub output_dir: Option<PathBuf>,
    pub show_only: Vec<String>,
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
        let Command::Template(t) = self.command;
        check_release(&t.release)?;
        check_label("namespace", &t.namespace, 63)?;
        let v = t.values;
        let flags = v
            .set_json
            .into_iter()
            .map(|s| (SetKind::Json, s))
            .chain(v.set.into_iter().map(|s| (SetKind::Typed, s)))
            .chain(v.set_string.into_iter().map(|s| (SetKind::String, s)))
            .collect();
        Ok(Options {
            command: Action::Template(TemplateOptions {
                release: t.release,
                chart: t.chart,
                namespace: t.namespace,
                inputs: ValueInputs {
                    files: v.files,
                    flags,
                },
                output_dir: t.output_dir,
                show_only: t.show_only,
            }),
        })
    }
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
        let Action::Template(t) = cli.validate().unwrap().command;
        let kinds: Vec<SetKind> = t.inputs.flags.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, [SetKind::Json, SetKind::Typed, SetKind::String]);
    }
}
