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

/// A citation-dense article of about `bytes` bytes: every sentence cites one to three of its
/// 200 numbered references (a single number, a list or a range), and every number resolves.
/// What a review's margin carries on every line.
pub fn generated_dense(bytes: usize) -> String {
    const WORDS: [&str; 24] = [
        "exosomes",
        "vesicles",
        "tumour",
        "cells",
        "stromal",
        "uptake",
        "cargo",
        "signalling",
        "metastasis",
        "niche",
        "fibroblasts",
        "secreted",
        "protein",
        "marker",
        "migration",
        "the",
        "of",
        "and",
        "in",
        "with",
        "shown",
        "found",
        "growth",
        "release",
    ];
    const SURNAMES: [&str; 12] = [
        "Luga", "Peinado", "Chen", "Garcia", "Okafor", "Novak", "Tanaka", "Silva", "Kumar",
        "Meyer", "Rossi", "Kim",
    ];
    // A fixed sequence (xorshift), so that every run measures the same article.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut out = String::from("---\ntitle: A citation-dense generated review\n---\n\n");
    let mut section = 0;
    while out.len() < bytes {
        section += 1;
        let _ = writeln!(out, "## Section {section}\n");
        for _ in 0..4 {
            for _ in 0..(3 + next(3)) {
                let n = 10 + next(14);
                for k in 0..n {
                    let w = WORDS[next(WORDS.len())];
                    if k == 0 {
                        let mut c = w.chars();
                        let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or('A');
                        out.push(first);
                        out.push_str(c.as_str());
                    } else {
                        out.push(' ');
                        out.push_str(w);
                    }
                }
                let a = 1 + next(200);
                let _ = match next(3) {
                    0 => write!(out, " [{a}]. "),
                    1 => write!(out, " [{a}, {}]. ", 1 + next(200)),
                    _ => write!(out, " [{}-{}]. ", a.min(198), a.min(198) + 2),
                };
            }
            out.push_str("\n\n");
        }
    }
    out.push_str("## References\n\n");
    for r in 1..=200 {
        let _ = writeln!(
            out,
            "{r}. {} A, {} B. Vesicle study number {r} of cargo and uptake. J Vesicle Res. {};{}:{}-{}.",
            SURNAMES[r % 12],
            SURNAMES[(r / 12) % 12],
            1990 + r % 30,
            1 + r % 40,
            100 + r,
            110 + r
        );
    }
    out
}
