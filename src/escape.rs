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
    // Whole runs of plain text are copied at once: config files of tens of kilobytes
    // pass through here.
    let bytes = s.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs a look, then straight to the
        // first that does (TOML text has a quote every few words).
        if let Some(word) = bytes.get(i..i + 8) {
            let n = plain_len(u64::from_le_bytes(word.try_into().unwrap_or_default()));
            i += n;
            if n == 8 {
                continue;
            }
        }
        let b = bytes[i];
        if (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or_default();
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                ""
            }
            _ => {
                i += c.len_utf8();
                continue;
            }
        };
        out.push_str(&s[plain..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        } else {
            out.push_str(escaped);
        }
        i += c.len_utf8();
        plain = i;
    }
    out.push_str(&s[plain..]);
    out.push('"');
    out
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `w` that is `byte`, by the usual SWAR test for a zero
/// byte, eight bytes at a time. Its borrows can mark bytes after the first match, never
/// before it, so the lowest mark is exact.
// Called for every eight bytes of an escaped file, from another module too.
#[inline]
pub(crate) fn marks(w: u64, byte: u8) -> u64 {
    let v = w ^ (ONES * u64::from(byte));
    v.wrapping_sub(ONES) & !v & HIGH
}

/// How many of the eight bytes of `w`, from the first, are printable ASCII other than `"`
/// and `\\` (the bytes `yaml_str` copies as they are). As in [`marks`], only the lowest
/// mark is exact, which is the one that counts.
fn plain_len(w: u64) -> usize {
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let special = marks(w, b'"') | marks(w, b'\\') | marks(w, 0x7f);
    ((w & HIGH) | below_space | special).trailing_zeros() as usize / 8
}

/// A TOML float. Rust's shortest round-trip form (`1.5`, `1e300`, `1e-7`) is TOML syntax
/// except for the special values, which TOML spells in lower case.
pub fn toml_float(f: f64) -> String {
    if f.is_nan() {
        "nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { "inf" } else { "-inf" }.to_owned()
    } else {
        format!("{f:?}")
    }
}

/// A YAML float that YAML 1.1 readers (Kubernetes tooling) and YAML 1.2 readers both take
/// as the same float: 1.1 needs a dot in the mantissa and a sign in the exponent.
pub fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let text = format!("{f:?}");
    match text.split_once('e') {
        Some((mantissa, exp)) => {
            let mantissa = if mantissa.contains('.') {
                mantissa.to_owned()
            } else {
                format!("{mantissa}.0")
            };
            let exp = if exp.starts_with('-') {
                exp.to_owned()
            } else {
                format!("+{exp}")
            };
            format!("{mantissa}e{exp}")
        }
        None => text,
    }
}

/// Whether `s`, pasted after `key = `, is exactly one TOML value: it parses, and adds no
/// other key or table to the file.
pub fn is_toml_value(s: &str) -> bool {
    toml::from_str::<toml::Table>(&format!("v = {s}\n"))
        .is_ok_and(|t| t.len() == 1 && t.contains_key("v"))
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
    fn plain_len_agrees_with_the_byte_test() {
        let plain = |b: u8| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\';
        // Every byte in every place, followed by bytes whose borrows could mislead.
        for b in 0..=255u8 {
            for at in 0..8 {
                for after in [b'a', 0, 0x1f, b'"', b'\\', 0x7f, 0x80, 0xff] {
                    let mut word = *b"plain-ok";
                    word[at] = b;
                    word[at + 1..].fill(after);
                    let expected = word.iter().take_while(|&&b| plain(b)).count();
                    assert_eq!(plain_len(u64::from_le_bytes(word)), expected, "{word:?}");
                }
            }
        }
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
    fn floats_read_back_as_the_same_float() {
        for f in [
            1.5,
            1.0,
            -0.0,
            1e300,
            1e-7,
            -2.5e20,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let doc = format!("k = {}", toml_float(f));
            let parsed: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(parsed["k"].as_float(), Some(f), "{doc}");
            let parsed: f64 = serde_yaml_ng::from_str(&yaml_float(f)).unwrap();
            assert_eq!(parsed.to_bits(), f.to_bits(), "{}", yaml_float(f));
        }
        assert_eq!(yaml_float(1e300), "1.0e+300");
        assert_eq!(yaml_float(f64::NEG_INFINITY), "-.inf");
        let parsed: toml::Table = toml::from_str("k = nan\nl = -inf").unwrap();
        assert!(parsed["k"].as_float().unwrap().is_nan());
        assert_eq!(toml_float(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn raw_toml_values_are_exactly_one_value() {
        for ok in ["\"/home/test\"", "'x'", "1", "true", "[1, 2]", "1 # note"] {
            assert!(is_toml_value(ok), "{ok}");
        }
        for bad in [
            "/home/test",
            "",
            "1\nx = 2",
            "1\n[t]",
            "\"a\" b",
            "\"unclosed",
        ] {
            assert!(!is_toml_value(bad), "{bad}");
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
