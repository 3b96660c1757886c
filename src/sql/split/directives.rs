//! Client-side directive lines and delimiters, read the way the client tools
//! read them: T-SQL `GO`, MySQL `DELIMITER`, SQL*Plus commands, Liquibase
//! `endDelimiter` values.

pub(super) enum EndDelimiter {
    Go,
    Slash,
    Line(String),
    Literal(String),
}

/// Reads a Liquibase `endDelimiter`. Users write either a literal (`$$`,
/// `;;`, `/`, `GO`) or a regular expression for "alone on a line"
/// (`\n/\s*\n|\n/\s*$`, `\nGO`); the second form is reduced to its literal.
pub(super) fn end_delimiter(raw: &str) -> EndDelimiter {
    let first = raw.split('|').next().unwrap_or(raw);
    let is_regex = first.contains("\\n") || first.contains("\\s") || first.contains("\\r");
    let core = if is_regex {
        let mut s = first.to_string();
        for pat in ["\\r", "\\n", "\\s*", "\\s+", "\\s", "^", "$", "(?i)", "?"] {
            s = s.replace(pat, "");
        }
        s
    } else {
        first.to_string()
    };
    let core = core.trim();
    if core.eq_ignore_ascii_case("go") {
        EndDelimiter::Go
    } else if core == "/" {
        EndDelimiter::Slash
    } else if is_regex && !core.is_empty() {
        EndDelimiter::Line(core.to_string())
    } else {
        EndDelimiter::Literal(raw.to_string())
    }
}

/// Whether some line is a lone `/` (a quick look, before the lexical pass
/// decides which of them are boundaries).
pub(super) fn has_slash_line(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "/")
}

/// `GO`, `go 5`, `GO -- done`.
pub(super) fn is_go(trimmed: &str) -> bool {
    let Some(rest) = trimmed
        .get(..2)
        .filter(|w| w.eq_ignore_ascii_case("go"))
        .map(|_| &trimmed[2..])
    else {
        return false;
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace) || rest.starts_with("--")) {
        return false;
    }
    let rest = rest.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest[digits..].trim_start();
    after.is_empty() || after.starts_with("--")
}

/// A SQL*Plus command line: these end at the line end, need no `;` and
/// are not SQL. `SET` is one only with a SQL*Plus setting (`SET ROLE`, `SET
/// TRANSACTION` are SQL).
pub(super) fn is_sqlplus_command(trimmed: &str) -> bool {
    const COMMANDS: &[&str] = &[
        "ACCEPT",
        "CLEAR",
        "COLUMN",
        "CONNECT",
        "DEFINE",
        "DISCONNECT",
        "EXIT",
        "HOST",
        "PAUSE",
        "PROMPT",
        "QUIT",
        "REM",
        "REMARK",
        "SHOW",
        "SPOOL",
        "START",
        "TTITLE",
        "UNDEFINE",
        "VARIABLE",
        "WHENEVER",
    ];
    const SETTINGS: &[&str] = &[
        "AUTOCOMMIT",
        "DEFINE",
        "ECHO",
        "ESCAPE",
        "FEEDBACK",
        "HEADING",
        "LINESIZE",
        "LONG",
        "NEWPAGE",
        "PAGESIZE",
        "SCAN",
        "SERVEROUTPUT",
        "SQLBLANKLINES",
        "TERMOUT",
        "TIMING",
        "TRIMSPOOL",
        "VERIFY",
    ];
    if trimmed.starts_with('@') {
        return true;
    }
    let mut words = trimmed.split_whitespace();
    let first = words.next().unwrap_or_default().trim_end_matches(';');
    let is = |list: &[&str], w: &str| list.iter().any(|k| k.eq_ignore_ascii_case(w));
    if first.eq_ignore_ascii_case("SET") {
        return words.next().is_some_and(|w| is(SETTINGS, w));
    }
    is(COMMANDS, first)
}

/// `DELIMITER $$`: the new delimiter (`None` for `;`).
pub(super) fn delimiter_command(trimmed: &str) -> Option<Option<String>> {
    let (word, rest) = trimmed.split_once(char::is_whitespace)?;
    if !word.eq_ignore_ascii_case("delimiter") {
        return None;
    }
    let delim = rest.split_whitespace().next()?;
    Some((delim != ";").then(|| delim.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_lines() {
        for yes in ["GO", "go", "Go 5", "GO -- end", "GO 10 -- twice", "GO--x"] {
            assert!(is_go(yes), "{yes}");
        }
        for no in ["GOTO label", "GO;", "GO x", "GONE", "G"] {
            assert!(!is_go(no), "{no}");
        }
    }

    #[test]
    fn delimiter_lines() {
        assert_eq!(delimiter_command("DELIMITER $$"), Some(Some("$$".into())));
        assert_eq!(delimiter_command("delimiter //"), Some(Some("//".into())));
        assert_eq!(delimiter_command("DELIMITER ;"), Some(None));
        assert_eq!(delimiter_command("DELIMITER"), None);
        assert_eq!(delimiter_command("DELIMITERS $$"), None);
    }

    #[test]
    fn liquibase_end_delimiter_forms() {
        assert!(matches!(end_delimiter("/"), EndDelimiter::Slash));
        assert!(matches!(
            end_delimiter("\\n/\\s*\\n|\\n/\\s*$"),
            EndDelimiter::Slash
        ));
        assert!(matches!(end_delimiter("GO"), EndDelimiter::Go));
        assert!(matches!(end_delimiter("\\ngo\\s*$"), EndDelimiter::Go));
        assert!(matches!(end_delimiter("\\n;;\\s*\\n"), EndDelimiter::Line(s) if s == ";;"));
        assert!(matches!(end_delimiter("$$"), EndDelimiter::Literal(s) if s == "$$"));
        assert!(matches!(end_delimiter(";;;;;"), EndDelimiter::Literal(s) if s == ";;;;;"));
    }

    #[test]
    fn sqlplus_lines() {
        for yes in [
            "PROMPT hi",
            "set define off",
            "SET SERVEROUTPUT ON",
            "@x.sql",
            "EXIT;",
        ] {
            assert!(is_sqlplus_command(yes), "{yes}");
        }
        for no in [
            "SET TRANSACTION READ ONLY",
            "SET ROLE ALL",
            "SELECT 1",
            "EXITS",
        ] {
            assert!(!is_sqlplus_command(no), "{no}");
        }
    }
}
