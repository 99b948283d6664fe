//! The two articles compiled into the binary, so `scholion` works from any directory: a short
//! viewpoint (imported by scholion from text extracted from its PDF) and a review. The review
//! also lends its words to [`crate::formats::words`].

/// The viewpoint, as `scholion import` wrote it.
pub const VIEWPOINT: &str = include_str!("../assets/articles/exosomes-stromal-cells-viewpoint.md");

/// The review.
pub const REVIEW: &str =
    include_str!("../assets/articles/extracellular-vesicles-in-cancer-review.md");

/// Each bundled article's path (as the reader names it) and text.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "assets/articles/exosomes-stromal-cells-viewpoint.md",
        VIEWPOINT,
    ),
    (
        "assets/articles/extracellular-vesicles-in-cancer-review.md",
        REVIEW,
    ),
];
