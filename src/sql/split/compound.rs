//! MySQL compound statements sent without a `DELIMITER`.
//!
//! Tools that send a whole migration file in one multi-statement call
//! (golang-migrate with `multiStatements=true`, Flyway's MySQL parser) let
//! the server read `CREATE PROCEDURE … BEGIN …; …; END;` as one statement,
//! so the inner `;`s must not split it. The body ends at the `;` after the
//! `END` that closes its outermost `BEGIN` — or at the first `;` when the
//! body has no `BEGIN` (`CREATE TRIGGER … FOR EACH ROW SET …;`).

/// Nesting of `BEGIN … END` and `CASE … END [CASE]` inside one body.
#[derive(Debug, Default)]
pub(super) struct Compound {
    depth: u32,
    opened: bool,
    after_end: bool,
}

impl Compound {
    /// Feeds the next word of the body.
    pub(super) fn word(&mut self, word: &str) {
        let upper = word.to_ascii_uppercase();
        if std::mem::take(&mut self.after_end) {
            // `END IF`, `END LOOP`, … close blocks this counter never opened;
            // `END CASE` closes a CASE statement, already counted by `END`.
            if matches!(upper.as_str(), "IF" | "LOOP" | "WHILE" | "REPEAT") {
                self.depth += 1;
            }
            if matches!(upper.as_str(), "IF" | "LOOP" | "WHILE" | "REPEAT" | "CASE") {
                return;
            }
        }
        match upper.as_str() {
            "BEGIN" => {
                self.depth += 1;
                self.opened = true;
            }
            "CASE" => self.depth += 1,
            "END" => {
                self.depth = self.depth.saturating_sub(1);
                self.after_end = true;
            }
            _ => {}
        }
    }

    /// Does a `;` here end the body?
    pub(super) fn ends_at_semicolon(&self) -> bool {
        self.depth == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::source::SplitOptions;

    #[test]
    fn a_procedure_without_delimiter_is_one_statement() {
        let text = "CREATE TABLE t (id int);\nCREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN\n    SET @q = ';';\n  END IF;\n  SELECT CASE WHEN 1 THEN 2 END;\nEND;\nCALL p();\n";
        let got: Vec<&str> =
            crate::sql::split::split(text, Dialect::Mysql, &SplitOptions::standard())
                .into_iter()
                .map(|s| &text[s.range])
                .collect();
        assert_eq!(
            got,
            [
                "CREATE TABLE t (id int)",
                "CREATE PROCEDURE p()\nBEGIN\n  IF 1 THEN\n    SET @q = ';';\n  END IF;\n  SELECT CASE WHEN 1 THEN 2 END;\nEND",
                "CALL p()",
            ]
        );
    }

    fn ends(words: &str) -> bool {
        let mut c = Compound::default();
        words.split_whitespace().for_each(|w| c.word(w));
        c.ends_at_semicolon()
    }

    #[test]
    fn nesting_follows_begin_end_and_case() {
        assert!(!ends("CREATE PROCEDURE p BEGIN SELECT 1"));
        assert!(!ends("CREATE PROCEDURE p BEGIN IF x THEN SELECT 1"));
        assert!(!ends("CREATE PROCEDURE p BEGIN IF x THEN SELECT 1 END IF"));
        assert!(ends(
            "CREATE PROCEDURE p BEGIN IF x THEN SELECT 1 END IF END"
        ));
        assert!(!ends("BEGIN SELECT CASE WHEN a THEN 1 END"));
        assert!(ends("BEGIN SELECT CASE WHEN a THEN 1 END END"));
        assert!(ends("BEGIN CASE x WHEN 1 THEN SELECT 1 END CASE END"));
        assert!(ends("BEGIN l: LOOP LEAVE l END LOOP END"));
        assert!(ends(
            "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET NEW.x = 1"
        ));
    }
}
