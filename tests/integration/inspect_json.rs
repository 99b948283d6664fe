//! `scholion inspect --json` keeps the keys and meanings the README promises scripts.

use serde_json::Value;
use std::process::Command;

fn bundled_json() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_scholion"))
        .args(["inspect", "--json"])
        .output()
        .expect("run scholion");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn keys(v: &Value, wanted: &[&str]) {
    for k in wanted {
        assert!(v.get(k).is_some(), "missing key {k:?} in {v}");
    }
}

#[test]
fn contract_keys() {
    let json = bundled_json();
    let articles = json["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    for a in articles {
        keys(
            a,
            &[
                "path",
                "title",
                "sections",
                "citations",
                "references",
                "glossary",
                "term_occurrences",
            ],
        );
        for s in a["sections"].as_array().unwrap() {
            keys(s, &["title"]);
        }
        for c in a["citations"].as_array().unwrap() {
            keys(
                c,
                &["text", "numbers", "resolved", "unresolved", "suggestions"],
            );
            for s in c["suggestions"].as_array().unwrap() {
                keys(s, &["article", "number", "text"]);
            }
        }
        for r in a["references"].as_array().unwrap() {
            keys(r, &["number", "text", "first_author", "year", "doi"]);
        }
        for g in a["glossary"].as_array().unwrap() {
            keys(g, &["term", "aliases", "definition"]);
        }
        for o in a["term_occurrences"].as_array().unwrap() {
            keys(o, &["term", "matched_text"]);
        }
    }
}

#[test]
fn contract_values_on_the_bundled_library() {
    let json = bundled_json();
    let articles = json["articles"].as_array().unwrap();
    let viewpoint = articles
        .iter()
        .find(|a| a["path"].as_str().unwrap().contains("viewpoint"))
        .unwrap();
    let review = articles
        .iter()
        .find(|a| a["path"].as_str().unwrap().contains("review"))
        .unwrap();

    let refs = review["references"].as_array().unwrap();
    assert_eq!(refs.len(), 258);
    assert_eq!(refs[100]["number"], 101);
    assert_eq!(refs[100]["first_author"], "Luga");
    assert_eq!(refs[100]["year"], 2012);
    assert_eq!(review["glossary"].as_array().unwrap().len(), 9);

    let cites = viewpoint["citations"].as_array().unwrap();
    let first = &cites[0];
    assert_eq!(first["text"], "[1-3]");
    assert_eq!(first["numbers"], serde_json::json!([1, 2, 3]));
    assert_eq!(first["resolved"], serde_json::json!([]));
    assert_eq!(first["unresolved"], serde_json::json!([1, 2, 3]));
    let eights: Vec<&Value> = cites.iter().filter(|c| c["text"] == "[8]").collect();
    assert_eq!(eights.len(), 5);
    for c in eights {
        let s = &c["suggestions"][0];
        assert_eq!(s["number"], 101);
        assert_eq!(s["article"], review["path"]);
        assert!(s["text"]
            .as_str()
            .unwrap()
            .starts_with("Luga, V. et al. Exosomes mediate"));
    }
    let matched: Vec<&str> = viewpoint["term_occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["matched_text"].as_str().unwrap())
        .collect();
    for m in ["premetastatic niche", "tumor microenvironment", "exosomes"] {
        assert!(matched.contains(&m), "{m}");
    }
}
