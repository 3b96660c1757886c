//! The documents' values: what the native rules read, and what regorus
//! gets (converted, [`Value::to_rego`]) only when a rule it interprets is
//! loaded.
//!
//! The same data model as regorus's `Value` read from the document's
//! JSON, with the same order and equality, but an object is one sorted
//! slice of entries instead of a B-tree: built in one allocation, looked up
//! by a binary search over its keys' bytes. Building regorus objects for
//! every statement of every changeset, only for the native rules to read
//! them, was about half the cost of the policy stage (issue 10).

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};

/// Shared pointers as regorus makes them (`Arc` with its `arc` feature),
/// so that strings go to regorus without a copy.
pub use regorus::Rc;

/// A document value.
///
/// The variants are declared in regorus's order, so that values compare
/// (`<`, sorting) as regorus compares them. There are no sets: a document
/// read from JSON holds none.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(Rc<str>),
    Array(Rc<[Value]>),
    Object(Object),
    /// What a missing key or a wrong type reads as.
    Undefined,
}

/// An object: its entries sorted by key, each key once.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Object(Rc<[(Key, Value)]>);

/// An object key. A struct's field names are the program's own strings:
/// kept as they are, neither looked up among those stored nor counted
/// (every statement object has some twenty).
#[derive(Clone)]
pub enum Key {
    Static(&'static str),
    Shared(Rc<str>),
}

impl std::ops::Deref for Key {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Key::Static(s) => s,
            Key::Shared(s) => s,
        }
    }
}

/// `a` against `b` byte by byte: keys are short, and a call to `memcmp`
/// per comparison cost more than the comparison.
fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        **self == **other
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        compare(self, other)
    }
}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// A number, as regorus holds it (its number type is not public: this is
/// a regorus value that is always a number).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Number(regorus::Value);

impl Number {
    pub fn is_integer(&self) -> bool {
        matches!(&self.0, regorus::Value::Number(n) if n.is_integer())
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.0 {
            regorus::Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match &self.0 {
            regorus::Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match &self.0 {
            regorus::Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// As regorus writes it (`sprintf`'s `%v`).
    pub fn format_decimal(&self) -> String {
        match &self.0 {
            regorus::Value::Number(n) => n.format_decimal(),
            _ => String::new(),
        }
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Number {
        Number(regorus::Value::from(n))
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Number {
        Number(regorus::Value::from(n))
    }
}

impl From<usize> for Number {
    fn from(n: usize) -> Number {
        Number(regorus::Value::from(n))
    }
}

impl From<f64> for Number {
    fn from(n: f64) -> Number {
        Number(regorus::Value::from(n))
    }
}

/// Equal numbers hash alike (whatever regorus's representation of them).
impl std::hash::Hash for Number {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // regorus compares numbers by value (`2` equals `2.0`): equal
        // numbers have the same `f64`, whatever their representation
        match self.as_f64() {
            Some(0.0) => 0u64.hash(state),
            Some(f) => f.to_bits().hash(state),
            None => 1u64.hash(state),
        }
    }
}

/// What a lookup answers when the key is absent.
static UNDEFINED: Value = Value::Undefined;

impl Object {
    /// The object of `entries`; of two entries with the same key, the
    /// later one stays (as when JSON is read).
    pub fn new(mut entries: Vec<(Key, Value)>) -> Object {
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            // stable: equal keys keep their order, and the later is kept
            if entries.len() <= 32 {
                // an insertion sort: a struct's few fields, inline
                for i in 1..entries.len() {
                    let mut j = i;
                    while j > 0 && entries[j - 1].0 > entries[i].0 {
                        j -= 1;
                    }
                    entries[j..=i].rotate_right(1);
                }
            } else {
                entries.sort_by(|a, b| a.0.cmp(&b.0));
            }
            entries.dedup_by(|later, kept| {
                if later.0 == kept.0 {
                    std::mem::swap(&mut later.1, &mut kept.1);
                    true
                } else {
                    false
                }
            });
        }
        Object(entries.into())
    }

    /// The value at `key`, `Undefined` when absent.
    pub fn get(&self, key: &str) -> &Value {
        match self.0.binary_search_by(|(k, _)| compare(k, key)) {
            Ok(i) => &self.0[i].1,
            Err(_) => &UNDEFINED,
        }
    }

    /// The entries, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&Key, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The values, by key.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, to build another object from.
    pub fn entries(&self) -> &[(Key, Value)] {
        &self.0
    }
}

impl Value {
    /// `self.key`: `Undefined` when absent or when `self` is not an object.
    pub fn get(&self, key: &str) -> &Value {
        match self {
            Value::Object(o) => o.get(key),
            _ => &UNDEFINED,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// An array of `items`.
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(items.into())
    }

    /// An empty array.
    pub fn empty_array() -> Value {
        Value::Array(Rc::from([]))
    }

    /// An empty object.
    pub fn empty_object() -> Value {
        Value::Object(Object::new(Vec::new()))
    }

    /// `json` as a document value (as regorus reads it).
    pub fn from_json(json: &serde_json::Value) -> Value {
        super::rego::Strings::default().serialize(json)
    }

    /// The value regorus reads from the same JSON.
    pub fn to_rego(&self) -> regorus::Value {
        ToRego::default().convert(self)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(n.into())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(Number::from(n))
    }
}

impl From<i32> for Value {
    fn from(n: i32) -> Value {
        Value::Number(Number(regorus::Value::from(n)))
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::Number(n.into())
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n.into())
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Undefined => f.write_str("undefined"),
            other => match serde_json::to_string(other) {
                Ok(json) => f.write_str(&json),
                Err(_) => f.write_str("<unprintable>"),
            },
        }
    }
}

impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// As JSON (`Undefined` as null: a document holds none).
impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null | Value::Undefined => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => n.0.serialize(s),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(o) => {
                let mut map = s.serialize_map(Some(o.len()))?;
                for (k, v) in o.iter() {
                    map.serialize_entry(&**k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Converts documents to regorus values; a node shared by several
/// documents (a statement held by its changeset's and the proposal's) is
/// converted once and shared there too.
#[derive(Default)]
pub struct ToRego {
    /// Shared nodes converted, by address. Each holds the node too, so
    /// that its address is not reused while this lives.
    shared: HashMap<*const (), (Value, regorus::Value)>,
    /// Field names, each made a string once.
    keys: HashMap<&'static str, Rc<str>>,
}

impl ToRego {
    pub fn convert(&mut self, value: &Value) -> regorus::Value {
        let shared = match value {
            Value::Array(items) => Some((Rc::as_ptr(items).cast(), Rc::strong_count(items))),
            Value::Object(o) => Some((Rc::as_ptr(&o.0).cast(), Rc::strong_count(&o.0))),
            _ => None,
        };
        let Some((ptr, _)) = shared.filter(|(_, holders)| *holders > 1) else {
            return self.make(value);
        };
        if let Some((_, v)) = self.shared.get(&ptr) {
            return v.clone();
        }
        let v = self.make(value);
        self.shared.insert(ptr, (value.clone(), v.clone()));
        v
    }

    /// `value` converted, its children through [`ToRego::convert`].
    fn make(&mut self, value: &Value) -> regorus::Value {
        match value {
            Value::Null => regorus::Value::Null,
            Value::Bool(b) => regorus::Value::Bool(*b),
            Value::Number(n) => n.0.clone(),
            Value::String(s) => regorus::Value::String(s.clone()),
            Value::Undefined => regorus::Value::Undefined,
            Value::Array(items) => {
                regorus::Value::from(items.iter().map(|v| self.convert(v)).collect::<Vec<_>>())
            }
            Value::Object(o) => {
                let map: std::collections::BTreeMap<regorus::Value, regorus::Value> = o
                    .iter()
                    .map(|(k, v)| (self.key(k), self.convert(v)))
                    .collect();
                regorus::Value::from(map)
            }
        }
    }

    fn key(&mut self, key: &Key) -> regorus::Value {
        regorus::Value::String(match key {
            Key::Shared(s) => s.clone(),
            Key::Static(s) => self.keys.entry(s).or_insert_with(|| Rc::from(*s)).clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> serde_json::Value {
        serde_json::json!({
            "b": {"c": [1, -2, 2.5, true, null, "x"]},
            "a": "s",
            "e": 18446744073709551615u64,
            "o": {},
            "l": []
        })
    }

    #[test]
    fn converts_to_what_regorus_reads_from_the_json() {
        let json = doc();
        assert_eq!(
            Value::from_json(&json).to_rego(),
            regorus::Value::from(json)
        );
    }

    #[test]
    fn reads_and_orders_as_regorus() {
        let v = Value::from_json(&doc());
        assert_eq!(v.get("a"), &Value::from("s"));
        assert_eq!(v.get("missing"), &Value::Undefined);
        assert_eq!(v.get("a").get("x"), &Value::Undefined);
        let keys: Vec<&str> = v
            .as_object()
            .into_iter()
            .flat_map(|o| o.iter())
            .map(|(k, _)| &**k)
            .collect();
        assert_eq!(keys, ["a", "b", "e", "l", "o"]);
        // every pair of values compares as regorus compares them
        let samples: Vec<serde_json::Value> = serde_json::json!([
            null, false, true, 0, 1, -1, 2.5, "", "a", "b", [], [1], [1, 2], ["a"],
            {}, {"a": 1}, {"a": 2}, {"b": 0}, {"a": 1, "b": 0}
        ])
        .as_array()
        .cloned()
        .unwrap_or_default();
        for x in &samples {
            for y in &samples {
                let ours = Value::from_json(x).cmp(&Value::from_json(y));
                let theirs = regorus::Value::from(x.clone()).cmp(&regorus::Value::from(y.clone()));
                assert_eq!(ours, theirs, "{x} against {y}");
            }
        }
        assert!(Value::Undefined > Value::from_json(&doc()));
    }

    #[test]
    fn the_later_of_two_equal_keys_stays() {
        let o = Object::new(vec![
            (Key::Static("b"), Value::from(1u64)),
            (Key::Shared("a".into()), Value::from(2u64)),
            (Key::Shared("b".into()), Value::from(3u64)),
        ]);
        let pairs: Vec<(&str, &Value)> = o.iter().map(|(k, v)| (&**k, v)).collect();
        assert_eq!(
            pairs,
            [("a", &Value::from(2u64)), ("b", &Value::from(3u64))]
        );
    }

    #[test]
    fn objects_hold_what_a_map_holds_after_the_same_inserts() {
        // keys from a small alphabet, so that many repeat; sizes on both
        // sides of the insertion sort's limit
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        for len in 0..80 {
            let mut map = std::collections::BTreeMap::new();
            let mut entries = Vec::new();
            for n in 0..len {
                let key: String = (0..1 + next() % 3)
                    .map(|_| char::from(b'a' + (next() % 4) as u8))
                    .collect();
                map.insert(key.clone(), n);
                entries.push((Key::Shared(key.as_str().into()), Value::from(n)));
            }
            let object = Object::new(entries);
            let ours: Vec<(String, Value)> = object
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            let theirs: Vec<(String, Value)> =
                map.into_iter().map(|(k, n)| (k, Value::from(n))).collect();
            assert_eq!(ours, theirs, "{len} entries");
        }
    }

    #[test]
    fn equal_numbers_hash_alike() {
        let hash = |v: &Value| {
            use std::hash::{BuildHasher, BuildHasherDefault};
            BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(v)
        };
        let same = [
            (Value::from(2u64), Value::from(2.0)),
            (Value::from(2u64), Value::from(2i64)),
            (Value::from(0u64), Value::from(-0.0)),
        ];
        for (a, b) in same {
            assert_eq!(a, b);
            assert_eq!(hash(&a), hash(&b), "{a:?} and {b:?}");
        }
    }

    #[test]
    fn shared_nodes_are_converted_once() {
        let inner = Value::from_json(&serde_json::json!({"kind": "select"}));
        let outer = Value::array(vec![inner.clone(), inner]);
        let converted = outer.to_rego();
        let regorus::Value::Array(items) = converted else {
            panic!("an array")
        };
        let (regorus::Value::Object(a), regorus::Value::Object(b)) = (&items[0], &items[1]) else {
            panic!("two objects")
        };
        assert!(Rc::ptr_eq(a, b));
    }
}
