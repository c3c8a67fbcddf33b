//! The JSON Schema of the values, generated from the typed model, so that the schema, the
//! values reference (`docs/values.md`) and the first-pass key and type check can never
//! disagree with what the renderer accepts.
//!
//! Draft-07 is used because it is what helm's `values.schema.json` and yaml-language-server
//! both read.

use std::borrow::Cow;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use crate::chart::Chart;
use crate::chart_values::ChartKind;
use crate::cli::SchemaOptions;
use crate::deployment::Text;
use crate::scalar::Scalar;
use crate::values::Values;

/// `michart schema [CHART]`: the schema of the chart's values type.
pub fn run(options: &SchemaOptions) -> Result<ExitCode> {
    let chart = Chart::load(&options.chart)?;
    let schema = chart_schema(chart.kind);
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The draft-07 schema of a values type, as JSON.
pub fn schema_of<V: JsonSchema>() -> Value {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<V>()
        .to_value()
}

/// Follows `$ref` and a lone `allOf` (how schemars attaches a description to a `$ref`).
pub fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> &'a Value {
    loop {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.rsplit('/').next().unwrap_or_default();
            match root.get("definitions").and_then(|d| d.get(name)) {
                Some(def) => schema = def,
                None => return schema,
            }
        } else if let Some([only]) = schema
            .get("allOf")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            && only.get("$ref").is_some()
        {
            schema = only;
        } else {
            return schema;
        }
    }
}

/// The schema of a chart's values.
pub fn chart_schema(kind: ChartKind) -> Value {
    if kind == ChartKind::Mi {
        values_schema()
    } else {
        crate::with_chart_values!(kind, V => schema_of::<V>())
    }
}

/// The schema of the whole MI values tree, as JSON.
pub fn values_schema() -> Value {
    let mut schema = schema_of::<Values>();
    let schema_map = schema.as_object_mut().expect("a schema is an object");
    schema_map.insert(
        "title".into(),
        "Values of the WSO2 Integrator: MI chart (michart)".into(),
    );
    // The one cross-field rule JSON Schema can say, so editors flag it too: secure vault
    // needs a provider (the rest of validate.rs compares values, which a schema cannot).
    schema_map.insert(
        "allOf".into(),
        serde_json::json!([{
            "if": {
                "properties": {"wso2": {"properties": {"config": {"properties": {
                    "secureVault": {"properties": {"enabled": {"const": true}},
                                    "required": ["enabled"]}},
                    "required": ["secureVault"]}},
                    "required": ["config"]}},
                "required": ["wso2"]
            },
            "then": {
                "properties": {"provider": {"enum": ["aws", "azure", "gcp"]}},
                "required": ["provider"]
            }
        }]),
    );
    schema
}

/// Integers that upstream values files sometimes quote (`runAsUser: "10802"`).
pub fn lenient_int(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            {"type": "integer"},
            {"type": "string", "pattern": "^\\s*[-+]?[0-9]+\\s*$"}
        ]
    })
}

/// [`lenient_int`] for optional fields, where `key:` with nothing after it means unset.
pub fn lenient_int_opt(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            {"type": "integer"},
            {"type": "string", "pattern": "^\\s*[-+]?[0-9]+\\s*$"},
            {"type": "null"}
        ]
    })
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Numbers and booleans are read as their text; an empty `key:` as "".
        json_schema!({"type": ["string", "number", "boolean", "null"]})
    }
}

impl JsonSchema for Scalar {
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": ["string", "number", "boolean"]})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_closes_every_object() {
        let schema = values_schema();
        let defs = schema["definitions"].as_object().unwrap();
        assert!(defs.len() > 50, "{}", defs.len());
        for (name, def) in defs {
            if def.get("properties").is_some() {
                assert_eq!(def["additionalProperties"], false, "{name}");
            }
        }
        assert_eq!(schema["additionalProperties"], false);
    }
}
