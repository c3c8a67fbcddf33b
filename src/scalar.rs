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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
}

// A visitor of its own rather than serde's untagged enum: that one buffers each value and
// tries every variant in turn, building an error for each that does not fit (three for a
// string), and says only "did not match any variant" for one that none fits.
impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scalar, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            // What does not fit an i64 is kept as a float, as the untagged enum did.
            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(i64::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::String(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::String(v))
            }
        }
        deserializer.deserialize_any(ScalarVisitor)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What `Scalar` was read as before it had a visitor of its own.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Untagged {
        Bool(bool),
        Int(i64),
        Float(f64),
        String(String),
    }

    impl From<Untagged> for Scalar {
        fn from(u: Untagged) -> Scalar {
            match u {
                Untagged::Bool(b) => Scalar::Bool(b),
                Untagged::Int(i) => Scalar::Int(i),
                Untagged::Float(x) => Scalar::Float(x),
                Untagged::String(s) => Scalar::String(s),
            }
        }
    }

    #[test]
    fn scalars_are_read_as_the_untagged_enum_read_them() {
        for yaml in [
            "true",
            "False",
            "yes",
            "0",
            "-7",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "1.5",
            "-0.0",
            "1e3",
            ".inf",
            "0x1f",
            "\"10\"",
            "'true'",
            "plain text",
            "\"\"",
            "é",
        ] {
            let ours: Scalar = serde_yaml_ng::from_str(yaml).unwrap();
            let before: Untagged = serde_yaml_ng::from_str(yaml).unwrap();
            assert_eq!(ours, Scalar::from(before), "{yaml}");
        }
    }

    #[test]
    fn a_value_that_is_no_scalar_says_what_was_expected() {
        for yaml in ["{a: 1}", "[1, 2]", "~"] {
            let err = serde_yaml_ng::from_str::<Scalar>(yaml).unwrap_err();
            assert!(
                err.to_string()
                    .contains("expected a string, number or boolean"),
                "{yaml}: {err}"
            );
            assert!(serde_yaml_ng::from_str::<Untagged>(yaml).is_err(), "{yaml}");
        }
    }
}
