//! `.gz` resources are read decompressed, as Liquibase opens them.

use super::{load, node, problems};

#[test]
fn load_data_reads_the_csv_inside_a_gz_file() {
    let (cl, sources) = load("gzip/changelog.xml");
    let people = node(&cl.changesets[0].changes[0].body);
    assert_eq!(
        people.text.as_ref().map(|t| t.text.as_str()),
        Some("id,name\n1,Anne\n2,Bob\n")
    );
    // a `.gz` name holding no gzip data is a problem at the attribute
    let broken = node(&cl.changesets[1].changes[0].body);
    assert!(broken.text.is_none());
    assert_eq!(
        problems(&cl, &sources),
        [
            "tests/fixtures/liquibase/gzip/changelog.xml:7:44: cannot read `broken.csv.gz`: not gzip data"
        ]
    );
}
