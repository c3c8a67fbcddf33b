//! Reads a rendered object straight from its text into its k8s-openapi type, for the
//! manifest check, without a JSON tree between them.
//!
//! The check used to read each object into a `serde_json` tree, read that tree into the
//! type, and compare the type written out with the tree: the tree cost more than the
//! rest of the check. [`BlockDeserializer`] is a `serde` deserializer over the lines
//! [`block_yaml`](crate::block_yaml) reads, and it says yes only when the long way would
//! find nothing either. It refuses, and the caller takes the long way for its message:
//!
//! - anything the block reader leaves to the full parser;
//! - a field the type does not have (k8s-openapi skips those with `IgnoredAny`);
//! - what the type would write back differently from the text: a number read as a float,
//!   a quantity written as a number, and any newtype but `Quantity` (times, raw JSON).
//!   (Base64 is safe: k8s-openapi's `ByteString` takes only canonical base64, which it
//!   writes back the same.)
//!
//! A key whose value is null is skipped, as the long way drops nulls before typing:
//! Kubernetes reads a null field as an absent one. A key that comes twice in a map is
//! refused, and the long way reports it.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::block_yaml::{Item, Reader, Scalar, Unreadable, ValueKind};

/// The text is not one this reader vouches for; the caller checks it the long way.
#[derive(Debug)]
pub struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to the full check")
    }
}

impl std::error::Error for Refused {}

impl From<Unreadable> for Refused {
    fn from(_: Unreadable) -> Refused {
        Refused
    }
}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

/// Reads one YAML document into `T`.
pub fn from_str<'a, T: de::Deserialize<'a>>(doc: &'a str) -> Result<T, Refused> {
    let mut reader = Reader::new(doc);
    let first = reader.peek().ok_or(Refused)?.indent;
    let value = T::deserialize(BlockDeserializer {
        reader: &mut reader,
        node: Node::Block(first),
    })?;
    if reader.finished() {
        Ok(value)
    } else {
        Err(Refused)
    }
}

/// What is read next. (A null in a map is never read: its key is skipped.)
enum Node<'a> {
    Scalar(Scalar<'a>),
    /// A block map or list whose first line is the next one, at this indentation.
    Block(usize),
    /// A block map at this indentation.
    Map(usize),
    /// A block list at this indentation.
    List(usize),
}

/// The deserializer of one node of the document.
pub struct BlockDeserializer<'r, 'a> {
    reader: &'r mut Reader<'a>,
    node: Node<'a>,
}

impl<'a> BlockDeserializer<'_, 'a> {
    fn map<V: Visitor<'a>>(self, indent: usize, visitor: V) -> Result<V::Value, Refused> {
        self.reader.enter().ok_or(Refused)?;
        let keys_from = self.reader.keys_open();
        let value = visitor.visit_map(Entries {
            reader: &mut *self.reader,
            indent,
            keys_from,
            value: None,
        })?;
        // A visitor that stopped early would leave lines unread.
        if self.reader.peek().is_some_and(|line| line.indent >= indent) {
            return Err(Refused);
        }
        self.reader.keys_close(keys_from);
        self.reader.leave();
        Ok(value)
    }

    fn list<V: Visitor<'a>>(self, indent: usize, visitor: V) -> Result<V::Value, Refused> {
        self.reader.enter().ok_or(Refused)?;
        let value = visitor.visit_seq(Items {
            reader: &mut *self.reader,
            indent,
        })?;
        if !matches!(self.reader.list_item(indent), Ok(None)) {
            return Err(Refused);
        }
        self.reader.leave();
        Ok(value)
    }
}

impl<'a> Deserializer<'a> for BlockDeserializer<'_, 'a> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.node {
            Node::Scalar(Scalar::List(items)) => visitor.visit_seq(FlowItems {
                reader: self.reader,
                items: items.into_iter(),
            }),
            Node::Scalar(s) => visit_scalar(s, visitor),
            Node::Block(indent) if self.reader.list_next() => self.list(indent, visitor),
            Node::Block(indent) | Node::Map(indent) => self.map(indent, visitor),
            Node::List(indent) => self.list(indent, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.node {
            Node::Scalar(Scalar::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// A `Quantity` reads a number as text and writes it back as text; times are written
    /// back in one format of many.
    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Refused> {
        match (name, &self.node) {
            ("Quantity", Node::Scalar(Scalar::Str(_))) => visitor.visit_newtype_struct(self),
            _ => Err(Refused),
        }
    }

    /// The reader resolves no floats, and an integer would be written back as a float.
    fn deserialize_f32<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    /// A field the type does not have.
    fn deserialize_ignored_any<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

fn visit_str<'a, V: Visitor<'a>>(s: Cow<'a, str>, visitor: V) -> Result<V::Value, Refused> {
    match s {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

fn visit_scalar<'a, V: Visitor<'a>>(s: Scalar<'a>, visitor: V) -> Result<V::Value, Refused> {
    match s {
        Scalar::Null => visitor.visit_unit(),
        Scalar::Bool(b) => visitor.visit_bool(b),
        Scalar::Int(n) => visitor.visit_i64(n),
        Scalar::Str(s) => visit_str(s, visitor),
        Scalar::EmptyMap => visitor.visit_map(EmptyMap),
        // Read with the reader, by `deserialize_any`.
        Scalar::List(_) => Err(Refused),
    }
}

/// The entries of a block map; entries whose value is null are skipped.
struct Entries<'r, 'a> {
    reader: &'r mut Reader<'a>,
    indent: usize,
    /// Where this map's keys start among the reader's.
    keys_from: usize,
    /// The value of the key just read.
    value: Option<Node<'a>>,
}

impl<'a> MapAccess<'a> for Entries<'_, 'a> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Refused> {
        loop {
            let Some((key, rest)) = self.reader.map_line(self.indent)? else {
                return Ok(None);
            };
            // YAML refuses a repeated key (kubectl too); so does the long way.
            let key = match key {
                Cow::Borrowed(k) if !self.reader.repeated(self.keys_from, k) => k,
                // A key with escapes is left to the long way too.
                _ => return Err(Refused),
            };
            let node = match self.reader.value_kind(self.indent, rest) {
                ValueKind::Scalar(text) => {
                    match self.reader.line_scalar(self.indent, text).ok_or(Refused)? {
                        Scalar::Null => continue,
                        value => Node::Scalar(value),
                    }
                }
                ValueKind::Block(at) => Node::Block(at),
                ValueKind::List(at) => Node::List(at),
                ValueKind::Null => continue,
            };
            self.value = Some(node);
            return seed
                .deserialize(BorrowedStrDeserializer::new(key))
                .map(Some);
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Refused> {
        let node = self.value.take().ok_or(Refused)?;
        seed.deserialize(BlockDeserializer {
            reader: &mut *self.reader,
            node,
        })
    }
}

/// The items of a block list.
struct Items<'r, 'a> {
    reader: &'r mut Reader<'a>,
    indent: usize,
}

impl<'a> SeqAccess<'a> for Items<'_, 'a> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Refused> {
        let Some(item) = self.reader.list_item(self.indent)? else {
            return Ok(None);
        };
        let node = match item {
            Item::Map(column) => Node::Map(column),
            Item::Scalar(text) => {
                Node::Scalar(self.reader.line_scalar(self.indent, text).ok_or(Refused)?)
            }
        };
        seed.deserialize(BlockDeserializer {
            reader: &mut *self.reader,
            node,
        })
        .map(Some)
    }
}

/// The items of a one-line flow list (scalars, which leave the reader where it is).
struct FlowItems<'r, 'a> {
    reader: &'r mut Reader<'a>,
    items: std::vec::IntoIter<Scalar<'a>>,
}

impl<'a> SeqAccess<'a> for FlowItems<'_, 'a> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Refused> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        seed.deserialize(BlockDeserializer {
            reader: &mut *self.reader,
            node: Node::Scalar(item),
        })
        .map(Some)
    }
}

/// `{}`.
struct EmptyMap;

impl<'a> MapAccess<'a> for EmptyMap {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, _: K) -> Result<Option<K::Value>, Refused> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, _: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }
}
