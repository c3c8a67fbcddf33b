//! Typing the merged values tree, and errors that name the values path, where it came
//! from and what was expected.

use std::fmt::Write;

use anyhow::{Result, anyhow};
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::set_flag::Step;
use crate::validate::Problem;
use crate::value_layers::ValueLayers;

/// Deserializes the merged values into the chart's typed model.
pub fn typed<T: DeserializeOwned>(layers: &ValueLayers) -> Result<T> {
    serde_path_to_error::deserialize(layers.merged()).map_err(|e| {
        let mut steps: Vec<Step> = e
            .path()
            .iter()
            .filter_map(|s| match s {
                Segment::Map { key } => Some(Step::Key(key.clone())),
                Segment::Seq { index } => Some(Step::Index(*index)),
                _ => None,
            })
            .collect();
        let inner = e.inner().to_string();
        let message = match unknown_field(&inner) {
            Some((field, expected)) => {
                if steps.last() != Some(&Step::Key(field.clone())) {
                    steps.push(Step::Key(field.clone()));
                }
                let hint = closest(&field, &expected)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                format!(
                    "unknown key `{field}`{hint} (known keys here: {})",
                    expected.join(", ")
                )
            }
            None => plain_types(&hide_secret(&steps, &inner)),
        };
        report(
            layers,
            &[Problem {
                path: steps,
                message,
            }],
        )
    })
}

/// All problems in one error, each with its path and where the value came from.
pub fn report(layers: &ValueLayers, problems: &[Problem]) -> anyhow::Error {
    let mut text = if problems.len() == 1 {
        "invalid values:".to_owned()
    } else {
        format!("{} problems in the values:", problems.len())
    };
    for p in problems {
        let _ = write!(text, "\n  {}: {}", display_path(&p.path), p.message);
        if let Some(at) = layers.locate(&p.path) {
            let _ = write!(text, "\n    {}", at.to_string().replace('\n', "\n    "));
        }
    }
    anyhow!(text)
}

/// serde names Rust types; users know numbers.
fn plain_types(msg: &str) -> String {
    msg.replace("expected u32", "expected a whole number, 0 or more")
        .replace("expected u16", "expected a whole number from 0 to 65535")
        .replace("expected u64", "expected a whole number, 0 or more")
        .replace("expected i64", "expected an integer")
        .replace("expected i32", "expected an integer")
}

pub fn display_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    if out.is_empty() {
        "(top level)".into()
    } else {
        out
    }
}

/// serde's "unknown field \`x\`, expected one of \`a\`, \`b\`" as the field and the choices.
fn unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let field = rest[..end].to_owned();
    let expected = rest[end..]
        .split('`')
        .skip(2)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((field, expected))
}

fn closest(field: &str, choices: &[String]) -> Option<String> {
    let lower = field.to_lowercase();
    choices
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Keeps passwords and tokens out of messages: serde quotes the offending value.
fn hide_secret(steps: &[Step], msg: &str) -> String {
    let secret = steps.iter().any(|s| {
        matches!(s, Step::Key(k) if {
            let k = k.to_lowercase();
            ["password", "secret", "token", "auth"].iter().any(|w| k.contains(w))
        })
    });
    if !secret {
        return msg.to_owned();
    }
    match (msg.find("invalid "), msg.find(", expected")) {
        (Some(0), Some(end)) => format!("wrong type (value not shown){}", &msg[end..]),
        _ => "invalid value (not shown)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        let choices = vec!["userstore".to_owned(), "admin".to_owned()];
        assert_eq!(closest("userStore", &choices).as_deref(), Some("userstore"));
        assert_eq!(closest("zzzzzz", &choices), None);
    }

    #[test]
    fn secrets_are_not_echoed() {
        let steps = [Step::Key("admin".into()), Step::Key("password".into())];
        let msg = hide_secret(&steps, "invalid type: integer `1234`, expected a string");
        assert!(!msg.contains("1234"), "{msg}");
    }
}
