//! The example shop (`examples/shop`), carried in the binary: `fenxiao tour` walks through
//! it from any directory, and each command's help shows its example document, also where
//! the repository is not at hand.

/// Each file of `examples/shop` by its name. A test holds this list to the directory.
pub const FILES: &[(&str, &str)] = &[
    (
        "bind.json",
        include_str!("../../../examples/shop/bind.json"),
    ),
    (
        "lint-three-levels.json",
        include_str!("../../../examples/shop/lint-three-levels.json"),
    ),
    (
        "lint.json",
        include_str!("../../../examples/shop/lint.json"),
    ),
    (
        "preview.json",
        include_str!("../../../examples/shop/preview.json"),
    ),
    (
        "progress.json",
        include_str!("../../../examples/shop/progress.json"),
    ),
    (
        "refund.json",
        include_str!("../../../examples/shop/refund.json"),
    ),
    (
        "rules.json",
        include_str!("../../../examples/shop/rules.json"),
    ),
    (
        "settle.json",
        include_str!("../../../examples/shop/settle.json"),
    ),
    (
        "status.json",
        include_str!("../../../examples/shop/status.json"),
    ),
    (
        "validate.json",
        include_str!("../../../examples/shop/validate.json"),
    ),
    (
        "withdraw.json",
        include_str!("../../../examples/shop/withdraw.json"),
    ),
];

/// The directory the files come from, as the command table names example files.
pub const DIR: &str = "examples/shop";

/// The carried text of `examples/shop/<name>`.
pub fn file(name: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The carried text of a repository path the command table names (`examples/shop/x.json`).
pub fn example(path: &str) -> Option<&'static str> {
    path.strip_prefix(DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(file)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_file_of_the_shop_is_carried_as_it_is() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/shop");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let carried: Vec<&str> = super::FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names, carried,
            "shop.rs carries every file of examples/shop"
        );
        for (name, text) in super::FILES {
            let on_disk = std::fs::read_to_string(format!("{dir}/{name}")).unwrap_or_default();
            assert_eq!(on_disk, *text, "{name}");
        }
    }

    #[test]
    fn every_example_file_of_the_command_table_is_carried() {
        for c in fenxiao::api::COMMANDS {
            if let fenxiao::api::commands::Example::File(path) = c.example {
                assert!(super::example(path).is_some(), "{}: {path}", c.name);
            }
        }
    }
}
