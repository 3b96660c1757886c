//! `waivers:` in the configuration file: a rule waived for a changeset, a
//! file (path or glob) or an object, with a reason, an owner or ticket and
//! an expiry date. Every entry is checked: a bad one is a config error.

use std::path::Path;

use serde_json::Value;

use crate::error::Problem;
use crate::policy::aliases;

/// One validated entry of `waivers:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWaiver {
    /// Our rule id (an alias is resolved).
    pub rule: String,
    pub changeset: Option<String>,
    pub file: Option<String>,
    pub object: Option<String>,
    pub reason: Option<String>,
    pub owner: Option<String>,
    pub ticket: Option<String>,
    pub expires: Option<Date>,
    /// 1-based line of the entry in the config file (0 when unknown).
    pub line: usize,
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0);
        let days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        let max = *days.get(date.month.checked_sub(1)? as usize)?;
        (1..=max).contains(&date.day).then_some(date)
    }

    /// Today in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const KEYS: &[&str] = &[
    "rule",
    "changeset",
    "file",
    "object",
    "reason",
    "owner",
    "ticket",
    "expires",
];

/// The `waivers:` entries of `config`, each checked against the loaded
/// rules' ids `known`; `path` (the config file) gives the entries' lines.
pub fn read(
    config: &Value,
    path: Option<&Path>,
    known: &aliases::RuleNames,
) -> Result<Vec<ConfigWaiver>, Vec<Problem>> {
    let Some(list) = config.get("waivers").filter(|v| !v.is_null()) else {
        return Ok(Vec::new());
    };
    let lines = path.map(entry_lines).unwrap_or_default();
    let problem = |(line, column): (usize, usize), msg: String| match path {
        Some(p) => Problem::at_path(p, line, column, msg),
        None => Problem::general(msg),
    };
    let Value::Array(entries) = list else {
        return Err(vec![problem(
            (0, 0),
            "`waivers` must be a list of waivers".into(),
        )]);
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let at = lines.get(i).copied().unwrap_or((0, 0));
        match entry_of(entry, known) {
            Ok(mut w) => {
                w.line = at.0;
                out.push(w);
            }
            Err(msg) => problems.push(problem(at, format!("waivers[{i}]: {msg}"))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The line and column of each entry of `waivers:` (the YAML reader knows
/// them).
fn entry_lines(path: &Path) -> Vec<(usize, usize)> {
    #[derive(serde::Deserialize)]
    struct Top {
        #[serde(default)]
        waivers: Vec<serde_saphyr::Spanned<Value>>,
    }
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_saphyr::from_str::<Top>(&t).ok())
        .map(|t| {
            let at = |w: &serde_saphyr::Spanned<Value>| {
                (w.referenced.line() as usize, w.referenced.column() as usize)
            };
            t.waivers.iter().map(at).collect()
        })
        .unwrap_or_default()
}

fn entry_of(entry: &Value, known: &aliases::RuleNames) -> Result<ConfigWaiver, String> {
    let Value::Object(map) = entry else {
        return Err("expected a mapping with `rule`, `reason` and a scope".into());
    };
    if let Some(k) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!(
            "unknown key `{k}` (expected one of {})",
            KEYS.join(", ")
        ));
    }
    let text = |key: &str| -> Result<Option<String>, String> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(format!("`{key}` must be a string")),
        }
    };
    let name = text("rule")?.ok_or("missing `rule`")?;
    let rule = known.resolve(&name).ok_or_else(|| {
        let hint = known
            .did_you_mean(&name)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        format!("unknown rule `{name}`{hint}")
    })?;
    let expires = match text("expires")? {
        Some(s) => Some(
            Date::parse(&s).ok_or_else(|| format!("`expires: {s}` is not a date (YYYY-MM-DD)"))?,
        ),
        None => None,
    };
    let w = ConfigWaiver {
        rule: rule.to_string(),
        changeset: text("changeset")?,
        file: text("file")?,
        object: text("object")?,
        reason: text("reason")?.filter(|r| !r.trim().is_empty()),
        owner: text("owner")?,
        ticket: text("ticket")?,
        expires,
        line: 0,
    };
    if w.changeset.is_none() && w.file.is_none() && w.object.is_none() {
        return Err(format!(
            "waiver of `{}` needs a scope: `changeset`, `file` or `object` (to turn a rule off everywhere, use `rules: {{{}: {{enabled: false}}}}`)",
            w.rule, w.rule
        ));
    }
    Ok(w)
}

/// Does `path` (as reports name it, relative to the working directory)
/// match `pattern`: the same path, a folder holding it, or a glob (`*`,
/// `**`, `?`)?
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let dir = pattern.trim_end_matches('/');
    path == pattern
        || path.starts_with(&format!("{dir}/"))
        || glob(pattern.as_bytes(), path.as_bytes())
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    match p {
        [] => s.is_empty(),
        [b'*', b'*', b'/', rest @ ..] => {
            glob(rest, s) || (0..s.len()).any(|i| s[i] == b'/' && glob(rest, &s[i + 1..]))
        }
        [b'*', b'*', rest @ ..] => (0..=s.len()).any(|i| glob(rest, &s[i..])),
        [b'*', rest @ ..] => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != b'/')
            .any(|i| glob(rest, &s[i..])),
        [b'?', rest @ ..] => s.first().is_some_and(|&c| c != b'/') && glob(rest, &s[1..]),
        [c, rest @ ..] => s.first() == Some(c) && glob(rest, &s[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> aliases::RuleNames {
        let value = serde_json::json!({"id": "ban-drop-column", "aliases": ["atlas:DS103"]});
        let meta = crate::policy::meta::RuleMeta::from_json(&value, "p", "p.rego").unwrap();
        aliases::RuleNames::new(&[meta], ["require-lock-timeout".into()])
    }

    #[test]
    fn dates() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()).as_deref(),
            Some("2024-02-29")
        );
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("23-01-01").is_none());
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(19_782).to_string(), "2024-02-29");
    }

    #[test]
    fn globs() {
        assert!(path_matches("db/**/*.sql", "db/a/b/V1__x.sql"));
        assert!(path_matches("db/**/*.sql", "db/V1__x.sql"));
        assert!(path_matches("db/*.sql", "db/V1__x.sql"));
        assert!(!path_matches("db/*.sql", "db/a/V1__x.sql"));
        assert!(path_matches("./db", "db/a/V1__x.sql"));
        assert!(path_matches("db/V?__x.sql", "db/V1__x.sql"));
    }

    #[test]
    fn bad_entries_are_errors() {
        let read = |v: Value| read(&serde_json::json!({ "waivers": v }), None, &known());
        let ok = read(
            serde_json::json!([{"rule": "DS103", "file": "a.sql", "reason": "r", "expires": "2030-01-01"}]),
        );
        assert_eq!(ok.unwrap()[0].rule, "ban-drop-column");
        for (bad, says) in [
            (serde_json::json!([{"file": "a"}]), "missing `rule`"),
            (
                serde_json::json!([{"rule": "ban-drop-colum", "file": "a"}]),
                "did you mean `ban-drop-column`",
            ),
            (
                serde_json::json!([{"rule": "ban-drop-column", "file": "a", "expires": "soon"}]),
                "not a date",
            ),
            (
                serde_json::json!([{"rule": "ban-drop-column", "file": "a", "why": "x"}]),
                "unknown key `why`",
            ),
            (
                serde_json::json!([{"rule": "ban-drop-column"}]),
                "needs a scope",
            ),
        ] {
            let e = read(bad).unwrap_err();
            assert!(e[0].message.contains(says), "{:?}", e[0].message);
        }
    }
}
