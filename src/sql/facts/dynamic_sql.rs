//! `EXECUTE IMMEDIATE` in a PL/SQL body, read from its tokens: sqlparser
//! has no PL/SQL grammar, so an anonymous block or a procedure body is kept
//! as written, and this is what a rule can still know of it.

use serde_json::{Value, json};
use sqlparser::dialect::OracleDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

/// At most this many characters of a dynamic statement are shown.
const SHOWN: usize = 120;

/// `[{sql, concatenated, literal}]`, one per `EXECUTE IMMEDIATE` of `body`:
/// the expression it runs as written, whether that expression is built
/// with `||`, and whether it is one string literal. Empty when the body
/// does not tokenize (the statement is then not analyzed anyway).
pub(super) fn dynamic_sql(body: &str) -> Vec<Value> {
    let Ok(all) = Tokenizer::new(&OracleDialect {}, body).tokenize() else {
        return Vec::new();
    };
    // positions of the tokens that are not whitespace or comments
    let at: Vec<usize> = (0..all.len())
        .filter(|&i| !matches!(all[i], Token::Whitespace(_)))
        .collect();
    let tokens: Vec<&Token> = at.iter().map(|&i| &all[i]).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < tokens.len() {
        if !(is_word(tokens[i], "EXECUTE") && is_word(tokens[i + 1], "IMMEDIATE")) {
            i += 1;
            continue;
        }
        let start = i + 2;
        let end = expression_end(&tokens, start);
        let expr = &tokens[start..end];
        // as written, whitespace and comments folded to one space
        let written = match (at.get(start), at.get(end.saturating_sub(1))) {
            (Some(&from), Some(&to)) if start < end => all[from..=to]
                .iter()
                .map(|t| match t {
                    Token::Whitespace(_) => " ".to_string(),
                    t => t.to_string(),
                })
                .collect::<String>(),
            _ => String::new(),
        };
        let text = written.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push(json!({
            "sql": shortened(&text),
            "concatenated": expr.iter().any(|t| **t == Token::StringConcat),
            "literal": matches!(
                expr,
                [Token::SingleQuotedString(_) | Token::NationalStringLiteral(_)]
            ),
        }));
        i = end;
    }
    out
}

/// Where the expression after `EXECUTE IMMEDIATE` ends: at `;` or at
/// `INTO` / `USING` / `RETURNING` / `BULK` outside parentheses.
fn expression_end(tokens: &[&Token], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(start) {
        match *t {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::SemiColon if depth == 0 => return i,
            w if depth == 0
                && ["INTO", "USING", "RETURNING", "RETURN", "BULK"]
                    .iter()
                    .any(|k| is_word(w, k)) =>
            {
                return i;
            }
            _ => {}
        }
    }
    tokens.len()
}

fn is_word(t: &Token, word: &str) -> bool {
    matches!(t, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

fn shortened(text: &str) -> String {
    if text.chars().count() <= SHOWN {
        return text.to_string();
    }
    let cut: String = text.chars().take(SHOWN).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_execute_immediate_with_how_its_statement_is_built() {
        let body = "DECLARE n number; BEGIN\n\
            execute immediate 'DROP SEQUENCE ' || ObjName;\n\
            EXECUTE IMMEDIATE 'ALTER SESSION SET ddl_lock_timeout = 5';\n\
            EXECUTE IMMEDIATE sql_stmt INTO n USING 'x' || 'y';\n\
            EXECUTE IMMEDIATE upper('grant select on ' || t) ;\n\
            END;";
        assert_eq!(
            dynamic_sql(body),
            [
                json!({"sql": "'DROP SEQUENCE ' || ObjName", "concatenated": true, "literal": false}),
                json!({"sql": "'ALTER SESSION SET ddl_lock_timeout = 5'", "concatenated": false, "literal": true}),
                json!({"sql": "sql_stmt", "concatenated": false, "literal": false}),
                json!({"sql": "upper('grant select on ' || t)", "concatenated": true, "literal": false}),
            ]
        );
    }

    #[test]
    fn a_body_without_it_or_that_does_not_tokenize_has_none() {
        assert_eq!(dynamic_sql("BEGIN NULL; END;"), Vec::<Value>::new());
        assert_eq!(
            dynamic_sql("BEGIN EXECUTE IMMEDIATE 'x"),
            Vec::<Value>::new()
        );
        // a word that only looks like it, in a string, is not a statement
        assert_eq!(
            dynamic_sql("BEGIN log('EXECUTE IMMEDIATE x'); END;"),
            Vec::<Value>::new()
        );
    }
}
