//! `wso2.config.logging`: what MI's `log4j2.properties` logs and how it writes it.
//!
//! It lives under `wso2.config` because that subtree is everything the MI server reads from
//! its `conf` folder, and next to `wso2.config.analytics`, which already decides whether the
//! analytics appender is written. Absent, the file is exactly what michart writes without it.

// Field docs are user-facing text (schema descriptions, values reference) that names log4j2
// classes and templates; code-formatting those would only add noise there.
#![allow(clippy::doc_markdown)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::set_flag::Step;
use crate::validate::Problem;

/// Logging of the MI server (`log4j2.properties`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Logging {
    /// Level of the root logger, which every logger without a level of its own follows: OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE or ALL, in any case (INFO when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_level: Option<LogLevel>,
    /// Levels (as for `rootLevel`) by Java logger name, e.g. `org.apache.synapse.transport.http.wire: DEBUG` to log HTTP wire traffic. A logger MI defines keeps its appenders and only changes level; any other name becomes a new logger writing to the console. Names are letters, digits and `_`, separated by dots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loggers: Option<BTreeMap<String, LogLevel>>,
    /// Correlation logs: one line per state change of each HTTP request, tied together by its correlation ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation: Option<CorrelationLogs>,
    /// Whether the `ELK_ANALYTICS_APPENDER` console appender and its logger are written. When absent they are written exactly when `wso2.config.analytics` is enabled with the `log` publisher; `false` leaves them out (analytics events then reach the console through the root logger, without the `mi-analytics` prefix); `true` writes them whatever the publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_appender: Option<bool>,
    /// Writes every console appender as one JSON event per line with log4j2's JsonTemplateLayout and this event template, instead of the pattern layouts, for log collectors. Each event keeps its stream (`mi`, `mi-access`, `mi-audit`, `mi-correlation`, `mi-analytics`) in `event.dataset` (EcsLayout), `_log_stream` (GelfLayout) or `log_stream` (LogstashJsonEventLayoutV1). JsonTemplateLayout is the JSON layout MI 4.4 ships: its pax-logging bundle embeds it, while log4j2's older JsonLayout needs Jackson, which that bundle does not carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_layout: Option<JsonTemplate>,
}

/// Correlation logs (`correlation` logger).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CorrelationLogs {
    /// Whether MI writes correlation logs: the server is started with `-DenableCorrelationLogs=true`. Off, they can still be turned on at run time through the management API.
    #[serde(default)]
    pub enabled: bool,
    /// Where correlation logs go: `console` (the `CORRELATION_CONSOLE` appender, lines prefixed `mi-correlation`), `file` (`repository/logs/correlation.log` inside the container, MI's own default, e.g. for a log-shipping sidecar) or `both`.
    #[serde(default)]
    pub output: CorrelationOutput,
}

/// Destination of correlation logs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CorrelationOutput {
    #[default]
    Console,
    File,
    Both,
}

/// Event templates of log4j2's JsonTemplateLayout present in the log4j2 2.17 that MI 4.4 embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum JsonTemplate {
    /// Elastic Common Schema.
    EcsLayout,
    /// Graylog Extended Log Format.
    GelfLayout,
    /// Logstash's `json_event` format.
    LogstashJsonEventLayoutV1,
}

/// A log4j2 level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Off,
    Fatal,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
    All,
}

impl LogLevel {
    pub const ALL: [LogLevel; 8] = [
        LogLevel::Off,
        LogLevel::Fatal,
        LogLevel::Error,
        LogLevel::Warn,
        LogLevel::Info,
        LogLevel::Debug,
        LogLevel::Trace,
        LogLevel::All,
    ];

    /// The level as log4j2 spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Off => "OFF",
            LogLevel::Fatal => "FATAL",
            LogLevel::Error => "ERROR",
            LogLevel::Warn => "WARN",
            LogLevel::Info => "INFO",
            LogLevel::Debug => "DEBUG",
            LogLevel::Trace => "TRACE",
            LogLevel::All => "ALL",
        }
    }

    /// Reads a level in any case, as log4j2 itself does.
    pub fn parse(s: &str) -> Option<LogLevel> {
        LogLevel::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for LogLevel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for LogLevel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        LogLevel::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a log level; use OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE or \
                 ALL (in any case)"
            ))
        })
    }
}

impl JsonSchema for LogLevel {
    fn schema_name() -> Cow<'static, str> {
        "LogLevel".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Any case is accepted, which an `enum` cannot say; the level is checked when read.
        json_schema!({
            "type": "string",
            "description": "OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE or ALL, in any case."
        })
    }
}

/// Whether a logger name can be written into `log4j2.properties` as it is and turned into
/// an id of its own: dot-separated parts of ASCII letters, digits and `_`.
pub fn is_logger_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
}

/// Problems in `wso2.config.logging` beyond types: names that cannot be written as loggers.
pub fn problems(logging: Option<&Logging>) -> Vec<Problem> {
    let names = logging
        .and_then(|l| l.loggers.as_ref())
        .into_iter()
        .flatten();
    names
        .filter(|(name, _)| !is_logger_name(name))
        .map(|(name, _)| Problem {
            path: ["wso2", "config", "logging", "loggers", name.as_str()]
                .iter()
                .map(|k| Step::Key((*k).to_owned()))
                .collect(),
            message: "is not a logger name michart can write: use a Java logger name, parts of \
                      letters, digits and `_` separated by dots (such as \
                      `org.apache.synapse.transport.http.wire`)"
                .into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn levels_are_read_in_any_case_and_written_in_capitals() {
        assert_eq!(LogLevel::parse("debug"), Some(LogLevel::Debug));
        assert_eq!(LogLevel::parse("Error"), Some(LogLevel::Error));
        assert_eq!(LogLevel::parse("VERBOSE"), None);
        let level: LogLevel = serde_json::from_str("\"warn\"").unwrap();
        assert_eq!(serde_json::to_string(&level).unwrap(), "\"WARN\"");
        let err = serde_json::from_str::<LogLevel>("\"loud\"").unwrap_err();
        assert!(
            err.to_string().contains("`loud` is not a log level"),
            "{err}"
        );
    }

    /// `log4j2.properties` rendered from the MI chart's defaults plus `yaml`.
    fn log4j2(yaml: &str) -> BTreeMap<String, String> {
        let mut layers =
            crate::value_layers::ValueLayers::new("d", include_str!("../charts/mi/values.yaml"))
                .unwrap();
        layers.add_text("f.yaml", yaml.to_owned()).unwrap();
        let values: crate::values::Values = crate::values_error::typed(&layers).unwrap();
        let chart = crate::chart::Chart::load("mi").unwrap();
        let release = crate::renderer::Release {
            name: "r".into(),
            namespace: "n".into(),
        };
        let rendered = crate::renderer::Renderer::new(&chart)
            .and_then(|r| r.render(&values, &release))
            .unwrap();
        crate::check::check(&rendered).unwrap();
        crate::check::parse_properties(&rendered.files["log4j2.properties"])
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    fn listed(props: &BTreeMap<String, String>) -> Vec<String> {
        props["loggers"]
            .split(',')
            .map(|s| s.trim().to_owned())
            .collect()
    }

    #[test]
    fn a_level_reaches_every_logger_mi_defines_and_new_loggers_are_listed() {
        let defaults = log4j2("{}");
        let names: Vec<String> = listed(&defaults)
            .iter()
            .map(|id| defaults[&format!("logger.{id}.name")].clone())
            .collect();
        let mut yaml = String::from("wso2:\n  config:\n    logging:\n      loggers:\n");
        for name in names.iter().map(String::as_str).chain(["com.example.Mine"]) {
            let _ = writeln!(yaml, "        {name}: trace");
        }
        let props = log4j2(&yaml);
        let ids = listed(&props);
        assert_eq!(ids.len(), names.len() + 1, "{ids:?}");
        for id in &ids {
            assert_eq!(props[&format!("logger.{id}.level")], "TRACE", "{id}");
        }
        // Every logger defined in the file is listed, except the two MI defines unlisted.
        for key in props.keys() {
            if let Some(id) = key
                .strip_prefix("logger.")
                .and_then(|k| k.strip_suffix(".name"))
            {
                let unlisted = ["org-apache", "org-wso2"].contains(&id);
                assert_eq!(ids.iter().any(|l| l == id), !unlisted, "{id}");
            }
        }
        assert_eq!(
            props["logger.custom-com-example-Mine.name"],
            "com.example.Mine"
        );
    }

    #[test]
    fn correlation_and_analytics_switches() {
        let props = log4j2(
            "wso2:\n  config:\n    logging:\n      rootLevel: warn\n      analyticsAppender: true\n      correlation: {output: both}\n\
             \x20     loggers:\n        org.wso2.micro.integrator.analytics.messageflow.data.publisher.publish.elasticsearch.ElasticStatisticsPublisher: info\n",
        );
        assert_eq!(props["rootLogger.level"], "WARN");
        // The analytics logger is one MI's file defines: only its level changes.
        assert_eq!(props["logger.ELKAnalytics.level"], "INFO");
        assert!(!props["loggers"].contains("custom-"));
        assert!(props["appenders"].contains("ELK_ANALYTICS_APPENDER"));
        assert!(props["appenders"].contains("CORRELATION_LOGFILE"));
        assert_eq!(
            props["logger.correlation.appenderRef.CORRELATION_LOGFILE.ref"],
            "CORRELATION_LOGFILE"
        );
        assert!(props.contains_key("logger.correlation.appenderRef.CORRELATION_CONSOLE.ref"));
        let props = log4j2(
            "wso2:\n  config:\n    analytics: {enabled: true, publisher: log}\n    logging:\n      analyticsAppender: false\n      correlation: {output: file}\n",
        );
        assert!(!props["appenders"].contains("ELK_ANALYTICS_APPENDER"));
        assert!(!props.contains_key("logger.ELKAnalytics.name"));
        assert!(!props.contains_key("logger.correlation.appenderRef.CORRELATION_CONSOLE.ref"));
    }

    #[test]
    fn json_layout_replaces_every_console_pattern() {
        let props = log4j2("wso2:\n  config:\n    logging:\n      jsonLayout: GelfLayout\n");
        for id in props["appenders"].split(',').map(str::trim) {
            if props[&format!("appender.{id}.type")] == "Console" {
                assert_eq!(
                    props[&format!("appender.{id}.layout.type")],
                    "JsonTemplateLayout"
                );
                assert_eq!(
                    props[&format!("appender.{id}.layout.eventTemplateUri")],
                    "classpath:GelfLayout.json"
                );
                assert!(!props.contains_key(&format!("appender.{id}.layout.pattern")));
            }
        }
    }

    #[test]
    fn logger_names() {
        for ok in [
            "org.apache.synapse.transport.http.wire",
            "AUDIT_LOG",
            "trace.messages",
        ] {
            assert!(is_logger_name(ok), "{ok}");
        }
        for bad in [
            "",
            "org..apache",
            "org.apache.",
            "a-b",
            "a b",
            "a=b",
            "a\\nb",
        ] {
            assert!(!is_logger_name(bad), "{bad}");
        }
    }
}
