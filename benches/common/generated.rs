//! Generated inputs shared by the benchmarks: a Manubot-style manuscript and its CSL-JSON
//! bibliography.

use std::fmt::Write;

/// A CSL-JSON bibliography of `n` items, in the shape Manubot writes.
pub fn generated_csl_json(n: usize) -> String {
    let items: Vec<String> = (1..=n)
        .map(|i| {
            format!(
                r#"{{"id": "doi:10.1000/j.{i}", "type": "article-journal", "title": "A study of extracellular vesicles, number {i}", "author": [{{"family": "Author{i}", "given": "Alice B."}}, {{"family": "Second", "given": "Carl"}}], "container-title": "Journal of Exosomes", "volume": "{}", "issue": "{}", "page": "{}-{}", "issued": {{"date-parts": [[{}, 5, 1]]}}, "DOI": "10.1000/j.{i}", "URL": "https://doi.org/10.1000/j.{i}", "abstract": "Exosomes and shed microvesicles carry cargo between cells in the tumour microenvironment."}}"#,
                i % 50 + 1,
                i % 12 + 1,
                i * 3,
                i * 3 + 9,
                1990 + i % 30
            )
        })
        .collect();
    format!("[{}]", items.join(",\n"))
}

/// A Manubot-sized pandoc manuscript: about 200 kB with 300 citation groups of DOI keys.
pub fn generated_manubot(bytes: usize) -> String {
    let mut out =
        String::from("---\ntitle: Generated manuscript\nbibliography: refs.json\n---\n\n");
    let mut groups = 0;
    let mut n = 0;
    while out.len() < bytes {
        n += 1;
        let _ = writeln!(out, "## Section {n}\n");
        for p in 0..5 {
            let a = (n * 7 + p) % 600 + 1;
            let b = (a + 11) % 600 + 1;
            let _ = write!(
                out,
                "Exosomes and shed microvesicles carry cargo between cells in the tumour microenvironment, and their uptake alters what recipient cells do over the following days and weeks of growth. "
            );
            if groups < 300 {
                groups += 1;
                let _ = write!(
                    out,
                    "Shown before [@doi:10.1000/j.{a}; @doi:10.1000/j.{b}]. "
                );
            }
            let _ = writeln!(
                out,
                "Much remains to be learned about how vesicles are taken up.\n"
            );
        }
    }
    out.push_str("## References\n");
    out
}
