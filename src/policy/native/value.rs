//! Reading the input document's values the way a Rego body reads them: a
//! missing key, a wrong type or an index out of range is `Undefined`,
//! never an error, and every test below is false on it.

pub(crate) use crate::policy::input::value::Value;

/// `$value.$key` (`Undefined` when absent or not an object).
macro_rules! get {
    // a method call: `&&Value` derefs to the borrowed value's lifetime
    ($value:expr, $key:literal) => {
        ($value).get($key)
    };
    ($value:expr, $key:literal, $($rest:literal),+) => {{
        let inner = $crate::policy::native::value::get!($value, $key);
        $crate::policy::native::value::get!(inner, $($rest),+)
    }};
}
pub(crate) use get;

/// The string, when `value` is one (`is_string`).
pub(crate) fn text(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// Is `value` exactly the string `s` (`value == "s"`)?
pub(crate) fn is(value: &Value, s: &str) -> bool {
    text(value) == Some(s)
}

/// Is `value` the boolean `true` (`value == true`)?
pub(crate) fn is_true(value: &Value) -> bool {
    matches!(value, Value::Bool(true))
}

/// Does `value` make a Rego body hold when written alone as a condition
/// (`stmt.cascade`)? Anything defined but `false`.
pub(crate) fn holds(value: &Value) -> bool {
    !matches!(value, Value::Bool(false) | Value::Undefined)
}

/// The elements of an array (`some x in value`; none when not an array).
pub(crate) fn items(value: &Value) -> &[Value] {
    match value {
        Value::Array(a) => a,
        _ => &[],
    }
}

/// The values `some x in value` binds: an array's elements, an object's
/// values; none for anything else (a document holds no sets).
pub(crate) fn members(value: &Value) -> impl Iterator<Item = &Value> {
    let (array, object) = match value {
        Value::Array(a) => (Some(a.iter()), None),
        Value::Object(o) => (None, Some(o.values())),
        _ => (None, None),
    };
    array
        .into_iter()
        .flatten()
        .chain(object.into_iter().flatten())
}

/// The value, unless it is undefined: an undefined `sprintf` argument
/// makes the message, and so the finding, undefined.
pub(crate) fn defined(value: &Value) -> Option<&Value> {
    (*value != Value::Undefined).then_some(value)
}

/// Is `value` an array (`is_array`)?
pub(crate) fn is_array(value: &Value) -> bool {
    matches!(value, Value::Array(_))
}

/// Is `value` an object (`is_object`)?
pub(crate) fn is_object(value: &Value) -> bool {
    matches!(value, Value::Object(_))
}

/// The number as an integer, when it is one that fits.
pub(crate) fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) if n.is_integer() => n.as_i64(),
        _ => None,
    }
}

/// The number, when `value` is one (`is_number`).
pub(crate) fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// `count(value)` as regorus answers it for an array, object, set or
/// string; `None` otherwise.
pub(crate) fn count(value: &Value) -> Option<usize> {
    match value {
        Value::Array(a) => Some(a.len()),
        Value::Object(o) => Some(o.len()),
        // regorus counts a string's UTF-16 code units (an emoji is 2)
        Value::String(s) => Some(s.encode_utf16().count()),
        _ => None,
    }
}

/// `sprintf("%d", [value])` as regorus writes it: an integer in decimal
/// (a negative one with its minus sign twice, `--1`: regorus's), nothing
/// for a value that is not a number, and `None` for a number with a
/// fraction, which is an error there (the rule then finds nothing).
pub(crate) fn decimal(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) if n.is_integer() => {
            let digits = n.format_decimal();
            if n.as_f64().is_some_and(|f| f < 0.0) {
                Some(format!("-{digits}"))
            } else {
                Some(digits)
            }
        }
        Value::Number(_) => None,
        _ => Some(String::new()),
    }
}

/// `sprintf("%v", [value])` (and `%s`) as regorus writes it: strings bare
/// at the top, quoted inside collections, numbers in decimal, collections
/// with `, ` between elements and objects by sorted key.
pub(crate) fn show(value: &Value) -> String {
    shown(value, false)
}

fn shown(value: &Value, quoted: bool) -> String {
    let all = |items: &mut dyn Iterator<Item = String>| items.collect::<Vec<_>>().join(", ");
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::String(s) if quoted => serde_json::to_string(&**s).unwrap_or_else(|_| s.to_string()),
        Value::String(s) => s.to_string(),
        Value::Number(n) => n.format_decimal(),
        Value::Array(a) => format!("[{}]", all(&mut a.iter().map(|e| shown(e, true)))),
        Value::Object(o) => format!(
            "{{{}}}",
            all(&mut o.iter().map(|(k, v)| format!(
                "{}: {}",
                shown(&Value::from(&**k), true),
                shown(v, true)
            )))
        ),
        Value::Undefined => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_a_rego_body() {
        let v = Value::from_json(&serde_json::json!({
            "a": {"b": "x"}, "n": 3, "f": false, "list": [1, 2], "null": null
        }));
        assert_eq!(text(get!(v, "a", "b")), Some("x"));
        assert!(is(get!(v, "a", "b"), "x"));
        assert_eq!(*get!(v, "missing", "b"), Value::Undefined);
        assert_eq!(*get!(v, "n", "b"), Value::Undefined);
        assert_eq!(int(get!(v, "n")), Some(3));
        assert!(!holds(get!(v, "f")));
        assert!(!holds(get!(v, "missing")));
        assert!(holds(get!(v, "null")));
        assert_eq!(items(get!(v, "list")).len(), 2);
        assert!(items(get!(v, "a")).is_empty());
        assert_eq!(count(get!(v, "a", "b")), Some(1));
        assert_eq!(count(&Value::from("é😀")), Some(3));
        assert_eq!(show(get!(v, "list")), "[1, 2]");
        assert_eq!(show(get!(v, "a")), r#"{"b": "x"}"#);
        assert_eq!(show(get!(v, "n")), "3");
    }

    #[test]
    fn show_writes_what_regorus_sprintf_writes() {
        let values = serde_json::json!([
            "x", 3, -2, 1.5, true, null, [1, "a", [2]], {"b": [1], "a": "s"}, []
        ]);
        for value in values.as_array().unwrap() {
            let mut engine = regorus::Engine::new();
            engine.set_input(regorus::Value::from(value.clone()));
            let expected = engine
                .eval_query(r#"sprintf("%v", [input])"#.into(), false)
                .unwrap()
                .result[0]
                .expressions[0]
                .value
                .clone();
            assert_eq!(
                regorus::Value::from(show(&Value::from_json(value))),
                expected,
                "{value}"
            );
        }
    }

    #[test]
    fn decimal_writes_what_regorus_sprintf_d_writes() {
        let sprintf = |value: &serde_json::Value| {
            let mut engine = regorus::Engine::new();
            engine.set_input(regorus::Value::from(value.clone()));
            engine
                .eval_query(r#"sprintf("%d", [input])"#.into(), false)
                .ok()
                .map(|r| r.result[0].expressions[0].value.clone())
        };
        let values = serde_json::json!([
            0,
            7,
            -1,
            100000,
            18446744073709551615u64,
            "x",
            null,
            true,
            1.5
        ]);
        for value in values.as_array().unwrap() {
            let ours = decimal(&Value::from_json(value)).map(regorus::Value::from);
            assert_eq!(ours, sprintf(value), "{value}");
        }
    }
}
