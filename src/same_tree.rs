//! Comparing a typed object with the JSON tree it was read from, without a second tree.
//!
//! The manifest check reads every object into its k8s-openapi type and writes it back, to
//! find what Kubernetes would not read as written. Writing back with `serde_json::to_value`
//! copied every string and map of the object only to compare them and throw them away. The
//! serializer here compares as it goes: it is given the tree read, and each part of the
//! object written is checked against the part of the tree at the same place.
//!
//! Its answer agrees with `check::compare` finding nothing on `to_value`'s tree: every key
//! of the tree read must come back, with an equal value; keys that come back but were not
//! there (a default the type writes out) are allowed; lists must keep their length. Where
//! it cannot decide as cheaply (enum variants with data, keys that are not strings) it says
//! [`Differs`], and the caller builds the second tree to say what differs.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::{Map, Value};

/// A serializer that succeeds when what it is given is the same as `.0`.
pub struct SameTree<'a>(pub &'a Value);

/// What is written differs from the tree, or the comparison could not tell.
#[derive(Debug)]
pub struct Differs;

impl fmt::Display for Differs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("differs from the tree it was read from")
    }
}

impl std::error::Error for Differs {}

impl ser::Error for Differs {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Differs
    }
}

impl SameTree<'_> {
    /// A scalar is the same when it equals what `to_value` would have made of it.
    fn is(&self, written: &Value) -> Result<(), Differs> {
        if self.0 == written {
            Ok(())
        } else {
            Err(Differs)
        }
    }
}

impl<'a> ser::Serializer for SameTree<'a> {
    type Ok = ();
    type Error = Differs;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Impossible<(), Differs>;
    type SerializeMap = Fields<'a>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<(), Differs>;

    fn serialize_bool(self, v: bool) -> Result<(), Differs> {
        self.is(&Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Differs> {
        self.is(&Value::from(v))
    }
    fn serialize_char(self, v: char) -> Result<(), Differs> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Differs> {
        if self.0.as_str() == Some(v) {
            Ok(())
        } else {
            Err(Differs)
        }
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Differs> {
        self.is(&Value::Array(v.iter().map(|&b| Value::from(b)).collect()))
    }
    fn serialize_none(self) -> Result<(), Differs> {
        self.is(&Value::Null)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Differs> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Differs> {
        self.is(&Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Differs> {
        self.is(&Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Differs> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Differs> {
        Err(Differs)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, Differs> {
        match self.0 {
            Value::Array(items) => Ok(Items { items, next: 0 }),
            _ => Err(Differs),
        }
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'a>, Differs> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a>, Differs> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Differs> {
        Err(Differs)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'a>, Differs> {
        match self.0 {
            Value::Object(map) => Ok(Fields {
                map,
                found: 0,
                next: None,
            }),
            _ => Err(Differs),
        }
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields<'a>, Differs> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Differs> {
        Err(Differs)
    }
}

/// A list: as many items as the tree's list, each the same as the one at its place.
pub struct Items<'a> {
    items: &'a [Value],
    next: usize,
}

impl Items<'_> {
    fn item<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        let expected = self.items.get(self.next).ok_or(Differs)?;
        self.next += 1;
        value.serialize(SameTree(expected))
    }
    fn done(self) -> Result<(), Differs> {
        if self.next == self.items.len() {
            Ok(())
        } else {
            Err(Differs)
        }
    }
}

// The three kinds of list serde tells apart are one here.
macro_rules! list_of_items {
    ($($kind:ident::$add:ident),*) => {$(
        impl ser::$kind for Items<'_> {
            type Ok = ();
            type Error = Differs;
            fn $add<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
                self.item(value)
            }
            fn end(self) -> Result<(), Differs> {
                self.done()
            }
        }
    )*};
}

list_of_items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// A map or struct: every key of the tree's map written, each with the same value.
///
/// Keys are counted, not remembered: a key written twice would count twice, but neither a
/// Rust map nor k8s-openapi's structs (one call per field) write a key twice.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    found: usize,
    /// For a map entry: the tree's value under the key just written, if it has the key.
    next: Option<&'a Value>,
}

impl<'a> Fields<'a> {
    fn field<T: ?Sized + Serialize>(
        &mut self,
        expected: Option<&'a Value>,
        value: &T,
    ) -> Result<(), Differs> {
        match expected {
            Some(expected) => {
                self.found += 1;
                value.serialize(SameTree(expected))
            }
            // Written but not in the tree: what the type writes by itself is allowed.
            None => Ok(()),
        }
    }
    fn done(self) -> Result<(), Differs> {
        if self.found == self.map.len() {
            Ok(())
        } else {
            Err(Differs)
        }
    }
}

impl ser::SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Differs> {
        // Map keys are few (labels, data, limits), so serde_json makes them as it would.
        // Only string keys are looked up (all of Kubernetes' maps); `to_value` would also
        // turn numbers into keys, which is left to it.
        let key = key
            .serialize(serde_json::value::Serializer)
            .map_err(|_| Differs)?;
        self.next = self.map.get(key.as_str().ok_or(Differs)?);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Differs> {
        let expected = self.next.take();
        self.field(expected, value)
    }
    fn end(self) -> Result<(), Differs> {
        self.done()
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = Differs;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Differs> {
        self.field(self.map.get(key), value)
    }
    fn end(self) -> Result<(), Differs> {
        self.done()
    }
}
