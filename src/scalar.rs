//! Loosely typed leaves of the values tree.
//!
//! The upstream chart passes some maps straight into configuration files (JDBC pool
//! parameters, transport parameters, synapse and file properties, environment variables),
//! so their values may be strings, numbers or booleans. Everything else in the model is
//! strictly typed.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// A YAML scalar kept with its type, so a renderer can quote strings and leave numbers and
/// booleans bare, as the upstream templates do (`typeIs "string"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::String(s) => f.write_str(s),
        }
    }
}

/// Deserializes an integer that upstream values files sometimes write as a string
/// (`runAsUser: "10802"`). Helm prints either form unquoted, so both mean the number.
pub fn lenient_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    struct LenientInt;
    impl Visitor<'_> for LenientInt {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom(format!("{v} is too large")))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
            v.trim()
                .parse()
                .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
        }
    }
    deserializer.deserialize_any(LenientInt)
}

/// [`lenient_int`] for optional fields.
pub fn lenient_int_opt<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    struct Wrap(#[serde(deserialize_with = "lenient_int")] i64);
    Option::<Wrap>::deserialize(deserializer).map(|w| w.map(|Wrap(i)| i))
}
