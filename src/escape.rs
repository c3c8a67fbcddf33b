//! One escaping function per output format. Templates never interpolate a user string
//! raw: every value passes through one of these, exposed as a template filter.

use std::fmt::Write;

/// A TOML basic string, quotes included.
pub fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when the grammar allows it, quoted otherwise.
pub fn toml_key(s: &str) -> String {
    let bare = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare { s.to_owned() } else { toml_str(s) }
}

/// A YAML double-quoted scalar. Besides C0/C1 controls, the characters YAML 1.1 readers
/// treat as line breaks or a byte-order mark are escaped so that no reader folds them.
pub fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key of a Java `.properties` file.
pub fn props_key(s: &str) -> String {
    props_escape(s, true)
}

/// A value of a Java `.properties` file.
pub fn props_value(s: &str) -> String {
    props_escape(s, false)
}

fn props_escape(s: &str, key: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{c}' => out.push_str("\\f"),
            // Leading white space is stripped by the reader; in keys, these end the key.
            ' ' if key || i == 0 => out.push_str("\\ "),
            '=' | ':' if key => {
                out.push('\\');
                out.push(c);
            }
            '#' | '!' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            // Properties files are read as ISO-8859-1 by older readers; \u escapes are
            // understood by all of them.
            c if c.is_control() || !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A POSIX shell word: bare when it holds only characters the shell takes literally,
/// single-quoted otherwise.
pub fn sh_str(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./,+@%:=".contains(&b));
    if plain {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_round_trip() {
        for s in [
            "plain",
            "quo\"te",
            "back\\slash",
            "new\nline",
            "tab\t",
            "\u{1}",
            "é✓",
        ] {
            let doc = format!("k = {}", toml_str(s));
            let parsed: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(parsed["k"].as_str(), Some(s), "{doc}");
        }
    }

    #[test]
    fn toml_keys_are_bare_only_when_allowed() {
        assert_eq!(toml_key("synapse.debug"), "\"synapse.debug\"");
        assert_eq!(toml_key("core_threads"), "core_threads");
        assert_eq!(toml_key(""), "\"\"");
    }

    #[test]
    fn yaml_strings_round_trip() {
        for s in [
            "plain",
            "a: b",
            "# c",
            "quo\"te",
            "x\ny",
            "\u{85}\u{2028}",
            "{{ x }}",
            "yes",
        ] {
            let parsed: String = serde_yaml_ng::from_str(&yaml_str(s)).unwrap();
            assert_eq!(parsed, s);
        }
    }

    #[test]
    fn properties_escape_what_the_reader_would_change() {
        assert_eq!(props_key("a b=c:d"), r"a\ b\=c\:d");
        assert_eq!(props_value(" lead\\x\n"), r"\ lead\\x\n");
        assert_eq!(props_value("#x=y"), r"\#x=y");
        assert_eq!(props_value("é"), r"\u00E9");
    }

    #[test]
    fn shell_words_survive_single_quotes() {
        assert_eq!(sh_str("it's"), r"'it'\''s'");
        assert_eq!(sh_str("<secret_key>"), "'<secret_key>'");
        assert_eq!(
            sh_str("INTERNAL_KEYSTORE_PASSWORD"),
            "INTERNAL_KEYSTORE_PASSWORD"
        );
        assert_eq!(sh_str(""), "''");
    }
}
