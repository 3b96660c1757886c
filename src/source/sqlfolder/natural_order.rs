//! Orderings migration tools use: natural order for file names (`2_x.sql`
//! before `10_x.sql`) and numeric, part-by-part order for versions
//! (`1.9` before `1.10`).

use std::cmp::Ordering;
use std::path::Path;

/// Compares two runs of ASCII digits by value, without parsing them into a
/// fixed-width integer (timestamps and long versions overflow `u64`).
pub fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Splits text into alternating runs of digits and non-digits.
fn chunks(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digit = first.is_ascii_digit();
        let end = rest
            .char_indices()
            .find(|(_, c)| c.is_ascii_digit() != digit)
            .map_or(rest.len(), |(i, _)| i);
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(chunk)
    })
}

/// Natural order: digit runs compare by value, other runs by text. Equal
/// under that rule (`01` vs `1`), the plain text decides, so the order is total.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let mut ca = chunks(a);
    let mut cb = chunks(b);
    loop {
        match (ca.next(), cb.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let both_digits = x.starts_with(|c: char| c.is_ascii_digit())
                    && y.starts_with(|c: char| c.is_ascii_digit());
                let ord = if both_digits {
                    cmp_digits(x, y)
                } else {
                    x.cmp(y)
                };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

/// Natural order of relative paths, component by component, so a folder's
/// files stay together (`a/2.sql`, `a/10.sql`, `b/1.sql`).
pub fn natural_path_cmp(a: &Path, b: &Path) -> Ordering {
    let mut ca = a.components();
    let mut cb = b.components();
    loop {
        match (ca.next(), cb.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let ord = natural_cmp(
                    &x.as_os_str().to_string_lossy(),
                    &y.as_os_str().to_string_lossy(),
                );
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

/// Compares versions part by part numerically, parts separated by `.` or
/// `_`; missing trailing parts count as zero (Flyway: `1` = `1.0`).
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    let split = |s: &'_ str| -> Vec<String> {
        s.split(['.', '_'])
            .map(|p| p.trim_start_matches('0').to_string())
            .collect()
    };
    let pa = split(a);
    let pb = split(b);
    let n = pa.len().max(pb.len());
    for i in 0..n {
        let x = pa.get(i).map_or("", String::as_str);
        let y = pb.get(i).map_or("", String::as_str);
        let ord = if x.chars().all(|c| c.is_ascii_digit()) && y.chars().all(|c| c.is_ascii_digit())
        {
            cmp_digits(x, y)
        } else {
            natural_cmp(x, y)
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut names = vec!["10_x.sql", "2_x.sql", "1_b.sql", "1_a.sql", "002_y.sql"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            ["1_a.sql", "1_b.sql", "2_x.sql", "002_y.sql", "10_x.sql"]
        );
    }

    #[test]
    fn paths_keep_folders_together() {
        let mut paths = vec![
            Path::new("b/1.sql"),
            Path::new("a/10.sql"),
            Path::new("a/2.sql"),
        ];
        paths.sort_by(|a, b| natural_path_cmp(a, b));
        assert_eq!(
            paths,
            [
                Path::new("a/2.sql"),
                Path::new("a/10.sql"),
                Path::new("b/1.sql")
            ]
        );
    }

    #[test]
    fn versions_compare_part_by_part() {
        assert_eq!(version_cmp("1.10", "1.9"), Ordering::Greater);
        assert_eq!(version_cmp("1_2", "1.2"), Ordering::Equal);
        assert_eq!(version_cmp("1", "1.0"), Ordering::Equal);
        assert_eq!(version_cmp("001", "1"), Ordering::Equal);
        assert_eq!(version_cmp("13.1", "13"), Ordering::Greater);
        assert_eq!(
            version_cmp("20231127090831", "9999999999999999999999"),
            Ordering::Less
        );
    }
}
