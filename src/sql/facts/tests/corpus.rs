//! `from_ast` over every statement of the real-world corpus that sqlparser
//! parses: it must never panic, and the counts per kind show what still
//! falls into `other`. Run with
//! `cargo test --lib sql::facts::tests::corpus -- --ignored --nocapture`.

use std::collections::BTreeMap;
use std::path::Path;

use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

use super::*;

/// Statement texts: split at top-level `;` tokens (so dollar-quoted bodies
/// and strings stay whole) and at T-SQL `GO` lines. Files the tokenizer
/// cannot read are split at every `;`.
fn pieces(text: &str, dialect: Dialect) -> Vec<&str> {
    let parser_dialect = dialect.parser();
    let Ok(tokens) = Tokenizer::new(&*parser_dialect, text).tokenize_with_location() else {
        return text.split(';').filter(|p| !p.trim().is_empty()).collect();
    };
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |line: u64, column: u64| -> usize {
        let start = line_starts
            .get(line as usize - 1)
            .copied()
            .unwrap_or(text.len());
        text[start..]
            .char_indices()
            .nth(column as usize - 1)
            .map(|(b, _)| start + b)
            .unwrap_or(text.len())
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        let go_line = matches!(&t.token, Token::Word(w) if w.value.eq_ignore_ascii_case("GO"))
            && matches!(
                tokens.get(i.wrapping_sub(1)).map(|t| &t.token),
                None | Some(Token::Whitespace(Whitespace::Newline))
            )
            && matches!(
                tokens.get(i + 1).map(|t| &t.token),
                None | Some(Token::EOF) | Some(Token::Whitespace(Whitespace::Newline))
            );
        if matches!(t.token, Token::SemiColon) || go_line {
            let at = offset(t.span.start.line, t.span.start.column);
            let end = offset(t.span.end.line, t.span.end.column);
            if let Some(piece) = text.get(start..at) {
                out.push(piece);
            }
            start = end;
        }
    }
    if let Some(piece) = text.get(start..) {
        out.push(piece);
    }
    out.retain(|p| {
        let tokens = Tokenizer::new(&*parser_dialect, p)
            .tokenize()
            .unwrap_or_default();
        tokens.iter().any(|t| !matches!(t, Token::Whitespace(_)))
    });
    out
}

const CORPUS: &str = "/work/shared/corpus";

fn dialect_of(name: &str) -> Option<Dialect> {
    match name {
        "multi" => None,
        other => other.parse().ok(),
    }
}

#[test]
#[ignore = "reads /work/shared/corpus; run by hand"]
fn corpus_kinds() {
    let manifest = std::fs::read_to_string(Path::new(CORPUS).join("manifest.json")).unwrap();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&manifest).unwrap();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut other_variants: BTreeMap<String, usize> = BTreeMap::new();
    let mut unknown_heads: BTreeMap<String, usize> = BTreeMap::new();
    let mut ops: BTreeMap<String, usize> = BTreeMap::new();
    let mut count_ops = |f: &super::super::Facts, source: &str| {
        for op in f.ops.iter().flatten() {
            *ops.entry(format!("{source} {}", op.op)).or_default() += 1;
        }
    };
    let (mut parsed, mut failed) = (0usize, 0usize);
    for entry in &entries {
        let (Some(dir), Some(dialect)) = (entry["dir"].as_str(), entry["dialect"].as_str()) else {
            continue;
        };
        let Some(dialect) = dialect_of(dialect) else {
            continue;
        };
        for file in walkdir::WalkDir::new(Path::new(CORPUS).join(dir)) {
            let file = file.unwrap();
            if file.path().extension().and_then(|e| e.to_str()) != Some("sql") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(file.path()) else {
                continue;
            };
            for piece in pieces(&text, dialect) {
                match Parser::parse_sql(&*dialect.parser(), piece) {
                    Ok(statements) => {
                        for s in &statements {
                            parsed += 1;
                            let f = from_ast(s, dialect);
                            serde_json::to_value(&f).unwrap();
                            count_ops(&f, "(ast)");
                            if f.kind == "other" {
                                let text = format!("{s:?}");
                                let variant: String =
                                    text.chars().take_while(|c| c.is_alphanumeric()).collect();
                                *other_variants.entry(variant).or_default() += 1;
                            }
                            *kinds.entry(f.kind).or_default() += 1;
                        }
                    }
                    Err(_) => {
                        failed += 1;
                        let f = from_tokens(piece, dialect);
                        count_ops(&f, "(tokens)");
                        if f.kind == "unknown" {
                            let head: String = piece
                                .split_whitespace()
                                .filter(|w| !w.starts_with("--"))
                                .take(2)
                                .collect::<Vec<_>>()
                                .join(" ")
                                .to_ascii_uppercase();
                            *unknown_heads.entry(head).or_default() += 1;
                        }
                        *kinds.entry(format!("(tokens) {}", f.kind)).or_default() += 1;
                    }
                }
            }
        }
    }
    println!("parsed statements: {parsed}, pieces that failed to parse: {failed}");
    for (kind, n) in &kinds {
        println!("{n:>7}  {kind}");
    }
    println!("-- alter_table ops");
    for (op, n) in &ops {
        println!("{n:>7}  {op}");
    }
    println!("-- `other` by sqlparser variant");
    for (variant, n) in &other_variants {
        println!("{n:>7}  {variant}");
    }
    println!("-- `unknown` by first words (top)");
    let mut heads: Vec<_> = unknown_heads.into_iter().collect();
    heads.sort_by_key(|h| std::cmp::Reverse(h.1));
    for (head, n) in heads.iter().take(30) {
        println!("{n:>7}  {head}");
    }
    assert!(parsed > 0);
}
