//! Finding citation brackets in Markdown: every form that is one, and the brackets that are not.

use crate::common;
use common::*;

fn citations(md: &str) -> Vec<(String, Vec<u32>)> {
    let art = article("t.md", md);
    art.citations
        .iter()
        .map(|c| (c.text(&art).to_string(), c.numbers.to_vec()))
        .collect()
}

#[test]
fn every_form_of_citation() {
    let got = citations(
        "One [8], a range [1-3], a list [1,4,5], [12-15], and [1–3, 7] with an en dash.\n",
    );
    assert_eq!(
        got,
        [
            ("[8]".to_string(), vec![8]),
            ("[1-3]".to_string(), vec![1, 2, 3]),
            ("[1,4,5]".to_string(), vec![1, 4, 5]),
            ("[12-15]".to_string(), vec![12, 13, 14, 15]),
            ("[1–3, 7]".to_string(), vec![1, 2, 3, 7]),
        ]
    );
}

#[test]
fn citations_in_emphasis_lists_quotes_and_tables() {
    let got =
        citations("*see [2]*\n\n- item [3]\n\n> quoted [4]\n\n| a | b |\n|---|---|\n| [5] | x |\n");
    let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(texts, ["[2]", "[3]", "[4]", "[5]"]);
}

#[test]
fn brackets_that_are_not_citations() {
    let md = "\
A link [8](https://example.org), an image ![9](fig.png), a footnote[^1], [sic], [n = 3],
code `[3]`, a reference link [4][r], a shortcut link [5], [ ], [x], [1-], [3-1], [0].

- [ ] a task box
- [x] a done task

```
[6] in a code block
```

[r]: https://example.org/r
[5]: https://example.org/5
[^1]: The footnote.
";
    assert_eq!(citations(md), Vec::<(String, Vec<u32>)>::new());
}

#[test]
fn references_section_is_not_scanned() {
    let art = article(
        "t.md",
        "Body [1].\n\n## References\n\n1. Smith, J. Cites [2] inside. J. 1, 1 (2000).\n",
    );
    assert_eq!(art.citations.len(), 1);
    assert_eq!(art.references.len(), 1);
}
