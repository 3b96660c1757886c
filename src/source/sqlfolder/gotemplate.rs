//! gobuffalo/pop renders each SQL migration as a Go `text/template` over the
//! connection details before running it, so scripts name their schema with
//! `{{ index .Options "Namespace" }}`. That exact form is substituted from
//! the placeholder values (the same `--placeholder` a user passes for
//! Flyway); any other template action is left as written.

use super::SqlFile;
use super::placeholders::{Delimiters, Resolved, Substitution, substitute};
use crate::error::Problem;
use crate::span::Span;
use std::collections::BTreeMap;

/// The option name of `index .Options "Name"` (Go's `{{-`/`-}}` trim
/// markers allowed).
fn option_name(action: &str) -> Option<&str> {
    let a = action.trim();
    let a = a.strip_prefix('-').unwrap_or(a);
    let a = a.strip_suffix('-').unwrap_or(a).trim();
    let rest = a.strip_prefix("index")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start().strip_prefix(".Options")?.trim_start();
    let name = rest.strip_prefix('"')?.strip_suffix('"')?;
    (!name.is_empty() && !name.contains('"')).then_some(name)
}

/// Renders the pop options of `file`; an option without a value is a
/// problem (pop would render it empty and the SQL would break).
pub fn render(
    file: &SqlFile,
    values: &BTreeMap<String, String>,
    problems: &mut Vec<Problem>,
) -> crate::span::MappedText {
    let delims = Delimiters {
        prefix: "{{",
        suffix: "}}",
    };
    let Substitution { text, unknown } = substitute(
        file.id,
        file.body(),
        file.body_start,
        &delims,
        |action| match option_name(action) {
            Some(name) => values
                .get(name)
                .map_or(Resolved::Unknown, |v| Resolved::Value(v.clone())),
            None => Resolved::Keep,
        },
    );
    for (range, action) in unknown {
        let name = option_name(&action).unwrap_or_default();
        problems.push(
            Problem::at_span(
                Span::new(file.id, range),
                format!(
                    "no value for the pop template option `{name}`: pass --placeholder {name}=VALUE"
                ),
            )
            .with_code("missing-placeholder"),
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_the_options_index_form() {
        assert_eq!(
            option_name(r#" index .Options "Namespace" "#),
            Some("Namespace")
        );
        assert_eq!(
            option_name(r#"- index .Options "Namespace" -"#),
            Some("Namespace")
        );
        assert_eq!(option_name(r#"index .Options Namespace"#), None);
        assert_eq!(option_name(r#" .Namespace "#), None);
        assert_eq!(option_name(r#"indexer .Options "x""#), None);
    }
}
