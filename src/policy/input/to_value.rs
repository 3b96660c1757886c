//! Any `Serialize` value straight to the document value regorus would
//! read from its JSON (`Value::from_json(&serde_json::to_value(x)?)`),
//! without building the JSON: a serde `Serializer` whose output is
//! document values ([`super::value`]), strings and object keys stored once
//! ([`Strings`]).
//!
//! The statements' facts were serialized to JSON, converted and dropped:
//! the intermediate maps, their `String` keys and their drop were about a
//! third of building the documents.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

use super::rego::Strings;
use super::value::{Key, Object, Value};

/// An object's entries as they are built.
pub type Entries = Vec<(Key, Value)>;

/// Why a value could not be made: what `serde_json::to_value` also refuses
/// (a map key that is not a string, a number out of JSON's range).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, Error>;

impl Strings {
    /// `value` as regorus reads its JSON; `Null` should serde_json refuse
    /// it too, with the reason kept in `unbuilt`.
    pub fn serialize<T: Serialize + ?Sized>(&mut self, value: &T) -> Value {
        value.serialize(To::new(self)).unwrap_or_else(|e| {
            self.unbuilt.push(e.to_string());
            Value::Null
        })
    }

    /// The entries of `value`, an object once serialized (none otherwise).
    /// Its entries are kept as they are built, never made an object.
    pub fn fields<T: Serialize + ?Sized>(&mut self, value: &T) -> Entries {
        self.kept = None;
        let to = To {
            strings: self,
            keep: true,
        };
        let serialized = value.serialize(to);
        match (serialized, self.kept.take()) {
            (Ok(_), Some(kept)) => kept,
            // an object made otherwise (an enum variant's)
            (Ok(Value::Object(o)), None) => o.entries().to_vec(),
            (Ok(_), None) => Vec::new(),
            (Err(e), _) => {
                self.unbuilt.push(e.to_string());
                Vec::new()
            }
        }
    }

    /// An object of `entries`, shared when small and flat.
    fn object_value(&mut self, entries: Entries, floats: usize) -> Value {
        self.shared_or(Value::Object(Object::new(entries)), floats)
    }

    /// An array of `items`, shared when small and flat.
    fn array_value(&mut self, items: Vec<Value>, floats: usize) -> Value {
        self.shared_or(Value::array(items), floats)
    }
}

/// A JSON number as regorus reads it: unsigned when it is not negative.
fn signed(n: i64) -> Value {
    match u64::try_from(n) {
        Ok(u) => Value::from(u),
        Err(_) => Value::from(n),
    }
}

/// The serializer: one value at a time.
struct To<'s> {
    strings: &'s mut Strings,
    /// The object this value is, when it is one, is kept in
    /// `Strings::kept` as its entries ([`Strings::fields`]).
    keep: bool,
}

impl<'s> To<'s> {
    fn new(strings: &'s mut Strings) -> To<'s> {
        To {
            strings,
            keep: false,
        }
    }
}

impl<'s> ser::Serializer for To<'s> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Seq<'s>;
    type SerializeTuple = Seq<'s>;
    type SerializeTupleStruct = Seq<'s>;
    type SerializeTupleVariant = Variant<Seq<'s>>;
    type SerializeMap = Map<'s>;
    type SerializeStruct = Map<'s>;
    type SerializeStructVariant = Variant<Map<'s>>;

    fn serialize_bool(self, v: bool) -> Result<Value> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value> {
        Ok(signed(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Value> {
        Ok(signed(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Value> {
        Ok(signed(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Value> {
        Ok(signed(v))
    }
    fn serialize_i128(self, v: i128) -> Result<Value> {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(u), _) => Ok(Value::from(u)),
            (_, Ok(i)) => Ok(Value::from(i)),
            _ => Err(Error("number out of range".into())),
        }
    }
    fn serialize_u8(self, v: u8) -> Result<Value> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Value> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value> {
        Ok(Value::from(v))
    }
    fn serialize_u128(self, v: u128) -> Result<Value> {
        u64::try_from(v)
            .map(Value::from)
            .map_err(|_| Error("number out of range".into()))
    }
    fn serialize_f32(self, v: f32) -> Result<Value> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Value> {
        // JSON has no infinity or NaN: serde_json writes them as null
        Ok(if v.is_finite() {
            self.strings.floats += 1;
            Value::from(v)
        } else {
            Value::Null
        })
    }
    fn serialize_char(self, v: char) -> Result<Value> {
        Ok(self.strings.string(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<Value> {
        Ok(self.strings.string(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value> {
        let items = v.iter().map(|b| Value::from(u64::from(*b))).collect();
        let floats = self.strings.floats;
        Ok(self.strings.array_value(items, floats))
    }
    fn serialize_none(self) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value> {
        Ok(self.strings.string(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Value> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value> {
        let floats = self.strings.floats;
        let inner = value.serialize(To::new(self.strings))?;
        let key = Key::Static(variant);
        Ok(self.strings.object_value(vec![(key, inner)], floats))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'s>> {
        Ok(Seq {
            floats: self.strings.floats,
            strings: self.strings,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'s>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'s>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Variant<Seq<'s>>> {
        Ok(Variant {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map<'s>> {
        Ok(Map {
            floats: self.strings.floats,
            strings: self.strings,
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
            keep: self.keep,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map<'s>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Variant<Map<'s>>> {
        Ok(Variant {
            variant,
            inner: To::new(self.strings).serialize_map(None)?,
        })
    }
}

/// An array being serialized.
struct Seq<'s> {
    strings: &'s mut Strings,
    items: Vec<Value>,
    /// [`Strings::floats`] when it started.
    floats: usize,
}

impl Seq<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let v = value.serialize(To::new(self.strings))?;
        self.items.push(v);
        Ok(())
    }
    fn done(self) -> Value {
        self.strings.array_value(self.items, self.floats)
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value> {
        Ok(self.done())
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value> {
        Ok(self.done())
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Value> {
        Ok(self.done())
    }
}

/// An object being serialized (a map, or a struct's fields).
struct Map<'s> {
    strings: &'s mut Strings,
    entries: Entries,
    /// The key given by `serialize_key`, until its value comes.
    key: Option<Key>,
    /// [`Strings::floats`] when it started.
    floats: usize,
    /// Kept as entries ([`Strings::fields`]) rather than made an object.
    keep: bool,
}

impl Map<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let v = value.serialize(To::new(self.strings))?;
        self.entries.push((Key::Static(key), v));
        Ok(())
    }
    fn done(self) -> Value {
        if self.keep {
            self.strings.kept = Some(self.entries);
            return Value::Null;
        }
        self.strings.object_value(self.entries, self.floats)
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(KeyOf(self.strings))?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without its key".into()))?;
        let v = value.serialize(To::new(self.strings))?;
        self.entries.push((key, v));
        Ok(())
    }
    fn end(self) -> Result<Value> {
        Ok(self.done())
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<Value> {
        Ok(self.done())
    }
}

/// An enum variant with content: `{"Variant": content}`, as serde_json
/// writes it.
struct Variant<T> {
    variant: &'static str,
    inner: T,
}

impl ser::SerializeTupleVariant for Variant<Seq<'_>> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Value> {
        let Seq {
            strings,
            items,
            floats,
        } = self.inner;
        let content = strings.array_value(items, floats);
        Ok(strings.object_value(vec![(Key::Static(self.variant), content)], floats))
    }
}

impl ser::SerializeStructVariant for Variant<Map<'_>> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.inner.field(key, value)
    }
    fn end(self) -> Result<Value> {
        let Map {
            strings,
            entries,
            floats,
            ..
        } = self.inner;
        let content = strings.object_value(entries, floats);
        Ok(strings.object_value(vec![(Key::Static(self.variant), content)], floats))
    }
}

/// A map key: a string, as serde_json requires, numbers, booleans and
/// unit variants written as one.
struct KeyOf<'s>(&'s mut Strings);

impl KeyOf<'_> {
    fn text(self, s: &str) -> Result<Key> {
        Ok(Key::Shared(self.0.key(s)))
    }
}

fn key_error() -> Error {
    Error("key must be a string".into())
}

impl ser::Serializer for KeyOf<'_> {
    type Ok = Key;
    type Error = Error;
    type SerializeSeq = Impossible<Key, Error>;
    type SerializeTuple = Impossible<Key, Error>;
    type SerializeTupleStruct = Impossible<Key, Error>;
    type SerializeTupleVariant = Impossible<Key, Error>;
    type SerializeMap = Impossible<Key, Error>;
    type SerializeStruct = Impossible<Key, Error>;
    type SerializeStructVariant = Impossible<Key, Error>;

    fn serialize_bool(self, v: bool) -> Result<Key> {
        self.text(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<Key> {
        self.text(&v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<Key> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Key> {
        // a finite float is written as serde_json writes the number
        match v.is_finite() {
            true => self.text(&serde_json::to_string(&v).map_err(|e| Error(e.to_string()))?),
            false => Err(Error("float key must be finite".into())),
        }
    }
    fn serialize_char(self, v: char) -> Result<Key> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Key> {
        self.text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Key> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<Key> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Key> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<Key> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Key> {
        Err(key_error())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Key> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Key> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Key> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// What regorus reads from `json`.
    fn read(json: serde_json::Value) -> regorus::Value {
        regorus::Value::from(json)
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        New(u8),
        Tuple(i32, bool),
        Struct { a: Option<String>, b: f64 },
    }

    /// A map keyed by floats (no standard map can be).
    struct FloatKeys(Vec<(f64, u8)>);

    impl Serialize for FloatKeys {
        fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in &self.0 {
                map.serialize_entry(k, v)?;
            }
            map.end()
        }
    }

    #[derive(Serialize)]
    struct Sample {
        kind: &'static str,
        counts: Vec<i64>,
        ratio: f64,
        huge: u64,
        nan: f64,
        letter: char,
        none: Option<u8>,
        shapes: Vec<Shape>,
        by_number: BTreeMap<u32, &'static str>,
        by_bool: BTreeMap<bool, u8>,
        by_float: FloatKeys,
        #[serde(flatten)]
        extra: serde_json::Map<String, serde_json::Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<bool>,
        unit: (),
        pair: (u8, &'static str),
    }

    #[test]
    fn values_are_those_regorus_reads_from_the_json() {
        let mut extra = serde_json::Map::new();
        extra.insert("where".into(), serde_json::json!({"x": [1, -2, 2.5, null]}));
        extra.insert("big".into(), serde_json::json!(18446744073709551615u64));
        let sample = Sample {
            kind: "alter_table",
            counts: vec![0, -1, 7],
            ratio: 2.0,
            huge: u64::MAX,
            nan: f64::NAN,
            letter: 'é',
            none: None,
            shapes: vec![
                Shape::Unit,
                Shape::New(3),
                Shape::Tuple(-4, true),
                Shape::Struct {
                    a: Some("x".into()),
                    b: 0.5,
                },
            ],
            by_number: BTreeMap::from([(10, "ten"), (2, "two")]),
            by_bool: BTreeMap::from([(true, 1), (false, 0)]),
            by_float: FloatKeys(vec![(1.0, 1), (0.5, 2), (1e21, 3)]),
            extra,
            skipped: None,
            unit: (),
            pair: (1, "one"),
        };
        let json = serde_json::to_value(&sample).expect("JSON");
        // regorus's own reading of the JSON is the reference
        let direct = Strings::default().serialize(&sample);
        assert_eq!(direct.to_rego(), read(json.clone()));
        // and a JSON value serialized is what regorus reads from it
        assert_eq!(Strings::default().serialize(&json).to_rego(), read(json));
        let fields = Strings::default().fields(&sample);
        assert_eq!(Value::Object(Object::new(fields)), direct);
        // a value that is not an object has no fields; a variant's are its own
        assert!(Strings::default().fields(&3).is_empty());
        let variant = Shape::Struct { a: None, b: 1.5 };
        let fields = Strings::default().fields(&variant);
        assert_eq!(
            Value::Object(Object::new(fields)).to_rego(),
            read(serde_json::to_value(&variant).expect("JSON"))
        );
    }

    #[test]
    fn what_json_refuses_is_null() {
        let mut strings = Strings::default();
        let by_bytes = BTreeMap::from([(vec![1u8], 1)]);
        assert!(serde_json::to_value(&by_bytes).is_err());
        assert_eq!(strings.serialize(&by_bytes), Value::Null);
        let by_infinity = FloatKeys(vec![(f64::INFINITY, 1)]);
        assert!(serde_json::to_value(&by_infinity).is_err());
        assert_eq!(strings.serialize(&by_infinity), Value::Null);
        assert_eq!(strings.serialize(&u128::MAX), Value::Null);
        assert_eq!(strings.unbuilt.len(), 3, "{:?}", strings.unbuilt);
    }
}
