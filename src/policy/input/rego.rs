//! The documents in the form the rules read them: document values
//! ([`super::value`]), each statement and changeset object built once and
//! shared (reference counted) by its changeset's document and the proposal
//! document, every string stored once.
//!
//! Measured on 100,000 `SELECT 1;` statements, the JSON documents held
//! about 10 KB per statement (serde_json's maps: a B-tree node of 632
//! bytes for every 11 keys, each key its own string, and the proposal
//! document a copy of every statement), and the engine's copy of them came
//! on top. Here a statement is one compact object, serialized straight
//! from what it is built of ([`super::to_value`]), never JSON.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value as Json;

use super::to_value::Entries;
use super::value::{Key, Object, Rc, Value};

/// One document to evaluate, with the statement kinds it holds (for the
/// kind index).
#[derive(Debug, Clone)]
pub struct Document {
    pub value: Value,
    pub kinds: BTreeSet<String>,
}

/// One changelog's documents, as the engine evaluates them.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    /// `(changeset index, document)` per proposed changeset, in order.
    pub changesets: Vec<(usize, Document)>,
    pub proposal: Option<Document>,
    pub v1: Option<Document>,
    /// Values that could not be serialized (null in the documents): the
    /// run must not pass on documents missing what they should hold.
    pub unbuilt: Vec<String>,
}

impl Document {
    /// A JSON document on its own (the kinds read from its statements).
    pub fn from_json(doc: Json, strings: &mut Strings) -> Document {
        let kinds = doc["statements"]
            .as_array()
            .map(|s| {
                s.iter()
                    .filter_map(|s| s["kind"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        Document {
            value: strings.value(doc),
            kinds,
        }
    }
}

/// Strings already stored: each distinct one is allocated once, however
/// many documents and objects use it (object keys above all). Small flat
/// objects and arrays are stored once too: most statements have the same
/// `impact`, empty `refusals`, …
#[derive(Default)]
pub struct Strings {
    seen: HashSet<Rc<str>, Fast>,
    /// Small flat objects and arrays (at most [`MAX_SHARED`] of them, the
    /// first ones met).
    shared: HashSet<Value, Fast>,
    /// Floating-point numbers serialized so far ([`super::to_value`]): a
    /// value holding one is not shared, since `2.0` equals `2` (as regorus
    /// compares numbers) and sharing would put one in the other's place.
    pub(super) floats: usize,
    /// The entries of the object [`Strings::fields`] serialized.
    pub(super) kept: Option<Entries>,
    /// Why values could not be serialized ([`Documents::unbuilt`]).
    pub(super) unbuilt: Vec<String>,
}

/// A fast hasher for these tables: their keys are the document's own
/// strings, not attacker-chosen keys of a long-lived service, and SipHash
/// was 1.7% of a corpus run.
type Fast = foldhash::fast::FixedState;

/// Strings longer than this are not looked up among those stored.
const MAX_STORED_LEN: usize = 64;

/// Distinct small values kept for sharing: the common ones come first.
const MAX_SHARED: usize = 4096;

impl Strings {
    pub(super) fn string(&mut self, s: &str) -> Value {
        // A long string is a statement's SQL, a message or a path: rarely
        // met twice, and hashing it costs more than a copy. (A statement's
        // SQL, which sqlStatements repeats, is stored by `text`.)
        if s.len() > MAX_STORED_LEN {
            return Value::String(s.into());
        }
        self.text(s)
    }

    /// `s`, stored once whatever its length.
    pub(super) fn text(&mut self, s: &str) -> Value {
        Value::String(self.key(s))
    }

    /// `s` stored once: an object key, or a string value.
    pub(super) fn key(&mut self, s: &str) -> Rc<str> {
        if let Some(rc) = self.seen.get(s) {
            return rc.clone();
        }
        let rc: Rc<str> = s.into();
        self.seen.insert(rc.clone());
        rc
    }

    /// `json` as a document value: as regorus reads it from JSON, built by
    /// the serializer every document object goes through
    /// ([`super::to_value`]).
    pub fn value(&mut self, json: Json) -> Value {
        self.serialize(&json)
    }

    /// An object of entries already built.
    pub fn object_of<K: AsRef<str>>(
        &mut self,
        entries: impl IntoIterator<Item = (K, Value)>,
    ) -> Value {
        let entries = entries
            .into_iter()
            .map(|(k, v)| (Key::Shared(self.key(k.as_ref())), v))
            .collect();
        Value::Object(Object::new(entries))
    }

    /// A JSON object's entries as document values, to build objects from.
    pub fn entries(&mut self, map: serde_json::Map<String, Json>) -> Vec<(String, Value)> {
        map.into_iter()
            .map(|(k, v)| (k, self.serialize(&v)))
            .collect()
    }
}

/// Is `value` small and flat enough to be looked up for sharing? (Most
/// statements have the same `impact`, empty `refusals`, …)
fn shareable_value(value: &Value) -> bool {
    let scalar = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
    match value {
        Value::Array(items) => items.len() <= 4 && items.iter().all(scalar),
        Value::Object(map) => {
            map.len() <= 24
                && map.values().all(|v| match v {
                    Value::String(s) => s.len() <= 32,
                    Value::Array(items) => items.is_empty(),
                    other => scalar(other),
                })
        }
        _ => false,
    }
}

impl Strings {
    /// `value`, built by [`super::to_value`] with no floating-point number
    /// in it since `floats_before`, or the equal value already stored.
    pub(super) fn shared_or(&mut self, value: Value, floats_before: usize) -> Value {
        if self.floats != floats_before || !shareable_value(&value) {
            return value;
        }
        if let Some(v) = self.shared.get(&value) {
            return v.clone();
        }
        if self.shared.len() < MAX_SHARED {
            self.shared.insert(value.clone());
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_those_regorus_reads_from_json() {
        let json = serde_json::json!({
            "a": [1, -2, 2.5, true, null, "x"],
            "b": {"c": {"d": "x"}},
            "e": 18446744073709551615u64,
        });
        let ours = Strings::default().value(json.clone());
        let theirs = regorus::Value::from(json);
        assert_eq!(ours.to_rego(), theirs);
    }

    #[test]
    fn strings_are_stored_once() {
        let mut strings = Strings::default();
        let a = strings.value(serde_json::json!({"kind": "select"}));
        let b = strings.value(serde_json::json!({"kind": "select"}));
        let key = |v: &Value| match v.as_object().and_then(|o| o.iter().next()) {
            Some((Key::Shared(k), Value::String(s))) => Some((k.clone(), s.clone())),
            _ => None,
        };
        let (Some((ka, va)), Some((kb, vb))) = (key(&a), key(&b)) else {
            panic!("objects with one string entry")
        };
        assert!(Rc::ptr_eq(&ka, &kb));
        assert!(Rc::ptr_eq(&va, &vb));
    }
}
