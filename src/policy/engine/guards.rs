//! The size guard of policy evaluation. regorus's time limit
//! (`--policy-timeout`) stops an evaluation between steps, so a runaway
//! comprehension ends there with what it built so far (3000³ elements:
//! stopped at 5 s, under 1 GB). One builtin call is one step, though, and
//! three builtins build a collection whose size is a number argument, not
//! the size of their input: `numbers.range(1, 1e9)` asks for 16 GB in one
//! call, `net.cidr_expand("::/0")` never ends. They are replaced here by
//! the same functions refusing a result of more than
//! [`MAX_POLICY_COLLECTION`] elements: an error of the rule at the call's
//! file:line:col, the other rules' findings kept. (regorus's own memory
//! limit needs its mimalloc allocator as the process's allocator, and
//! would still let `Vec::with_capacity(1e12)` abort the process.)

use std::str::FromStr;

use regorus::{Engine, Value};

use crate::limits::MAX_POLICY_COLLECTION;

type Result<T> = anyhow::Result<T>;

/// Installs the guarded builtins in `engine` (extensions are looked up
/// before builtins).
pub(crate) fn install(engine: &mut Engine) -> Result<()> {
    engine.add_extension("numbers.range".into(), 2, Box::new(range))?;
    engine.add_extension("numbers.range_step".into(), 3, Box::new(range_step))?;
    engine.add_extension("net.cidr_expand".into(), 1, Box::new(cidr_expand))?;
    Ok(())
}

/// Refuses a result of `count` elements above the limit.
fn allow(name: &str, count: u128) -> Result<()> {
    if count > u128::from(MAX_POLICY_COLLECTION) {
        anyhow::bail!(
            "{name} would build {count} elements, above the limit of {MAX_POLICY_COLLECTION} for one collection in a policy"
        );
    }
    Ok(())
}

/// An integer operand; `Ok(None)`: a number that is not an integer (the
/// result is then undefined, as regorus has it).
fn integer(name: &str, v: &Value) -> Result<Option<i128>> {
    match v {
        Value::Number(_) => Ok(v.as_i128().ok()),
        _ => anyhow::bail!("{name}: operands must be numbers"),
    }
}

fn args<const N: usize>(name: &str, args: Vec<Value>) -> Result<[Value; N]> {
    args.try_into()
        .map_err(|_| anyhow::anyhow!("{name} takes {N} arguments"))
}

/// `numbers.range(a, b)`: the integers from `a` to `b`, both included,
/// counting down when `b < a`.
fn range(params: Vec<Value>) -> Result<Value> {
    const NAME: &str = "numbers.range";
    let [a, b] = args(NAME, params)?;
    let (Some(a), Some(b)) = (integer(NAME, &a)?, integer(NAME, &b)?) else {
        return Ok(Value::Undefined);
    };
    stepped(NAME, a, b, 1)
}

/// `numbers.range_step(a, b, step)`: from `a` towards `b` by `step` (a
/// positive integer), `b` included when reached.
fn range_step(params: Vec<Value>) -> Result<Value> {
    const NAME: &str = "numbers.range_step";
    let [a, b, step] = args(NAME, params)?;
    let (Some(a), Some(b)) = (integer(NAME, &a)?, integer(NAME, &b)?) else {
        return Ok(Value::Undefined);
    };
    match integer(NAME, &step)? {
        Some(step) if step > 0 => stepped(NAME, a, b, step),
        _ => anyhow::bail!("{NAME}: step must be a positive integer"),
    }
}

fn stepped(name: &str, a: i128, b: i128, step: i128) -> Result<Value> {
    let count = b
        .checked_sub(a)
        .map_or(u128::MAX, |d| d.unsigned_abs() / step.unsigned_abs() + 1);
    allow(name, count)?;
    let step = if b < a { -step } else { step };
    let values: Vec<Value> = (0..count as i128)
        .map(|i| Value::from(a + i * step))
        .collect();
    Ok(Value::from(values))
}

/// `net.cidr_expand(cidr)`: every address of the network, the network and
/// broadcast addresses included (as OPA has it).
fn cidr_expand(params: Vec<Value>) -> Result<Value> {
    const NAME: &str = "net.cidr_expand";
    let [cidr] = args(NAME, params)?;
    let text: &str = cidr
        .as_string()
        .map_err(|_| anyhow::anyhow!("{NAME}: the argument must be a string"))?;
    let net =
        ipnet::IpNet::from_str(text).map_err(|e| anyhow::anyhow!("Error parsing {text}: {e}"))?;
    let bits = net.max_prefix_len() - net.prefix_len();
    let count = 1u128.checked_shl(u32::from(bits)).unwrap_or(u128::MAX);
    allow(NAME, count)?;
    let values: Vec<Value> = match net {
        ipnet::IpNet::V4(n) => {
            let first = u32::from(n.network());
            (0..count as u32)
                .map(|i| Value::from(std::net::Ipv4Addr::from(first + i).to_string()))
                .collect()
        }
        ipnet::IpNet::V6(n) => {
            let first = u128::from(n.network());
            (0..count)
                .map(|i| Value::from(std::net::Ipv6Addr::from(first + i).to_string()))
                .collect()
        }
    };
    Ok(Value::from(values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(query: &str) -> std::result::Result<Value, String> {
        let mut engine = Engine::new();
        install(&mut engine).map_err(|e| e.to_string())?;
        engine
            .eval_query(query.to_string(), false)
            .map_err(|e| format!("{e:#}"))
            .map(|r| {
                r.result
                    .first()
                    .and_then(|r| r.expressions.first())
                    .map_or(Value::Undefined, |e| e.value.clone())
            })
    }

    #[test]
    fn guarded_builtins_answer_as_before() {
        let v = |s: &str| Value::from_json_str(s).unwrap_or(Value::Undefined);
        assert_eq!(eval("numbers.range(1, 3)"), Ok(v("[1, 2, 3]")));
        assert_eq!(eval("numbers.range(3, 1)"), Ok(v("[3, 2, 1]")));
        assert_eq!(eval("numbers.range_step(0, 10, 4)"), Ok(v("[0, 4, 8]")));
        assert_eq!(eval("numbers.range_step(10, 0, 4)"), Ok(v("[10, 6, 2]")));
        assert_eq!(
            eval("net.cidr_expand(\"192.168.1.0/30\")"),
            Ok(v(
                r#"["192.168.1.0", "192.168.1.1", "192.168.1.2", "192.168.1.3"]"#
            ))
        );
        assert_eq!(eval("net.cidr_expand(\"::1/128\")"), Ok(v(r#"["::1"]"#)));
    }

    #[test]
    fn huge_results_are_refused_before_they_are_built() {
        for q in [
            "numbers.range(1, 1e12)",
            "numbers.range_step(1, 1e12, 1)",
            "net.cidr_expand(\"::/0\")",
            "net.cidr_expand(\"10.0.0.0/8\")",
        ] {
            let e = eval(q).expect_err(q);
            assert!(e.contains("above the limit of 1000000"), "{q}: {e}");
        }
        assert!(eval("numbers.range_step(1, 10, 0)").is_err());
    }
}
