//! `--pretty`: the answer indented for a terminal. The text is re-indented as it stands
//! rather than parsed and written again, so keys keep their order and every value keeps its
//! exact bytes (a money string, a hash): only whitespace outside strings is added.

/// `text` (compact JSON) with two-space indentation, a space after each colon, and empty
/// objects and arrays left as `{}` and `[]`.
pub fn indent(text: &str) -> String {
    let mut out = String::with_capacity(text.len().saturating_mul(2));
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth = depth.saturating_add(1);
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::indent;

    #[test]
    fn indents_without_touching_values() {
        let compact = r#"{"ok":true,"result":{"a":"x, y: {z}","b":[],"c":{},"d":[1,{"e":"\"q\""}],"f":-1.50e3}}"#;
        let pretty = indent(compact);
        assert_eq!(
            pretty,
            "{\n  \"ok\": true,\n  \"result\": {\n    \"a\": \"x, y: {z}\",\n    \"b\": [],\n    \"c\": {},\n    \"d\": [\n      1,\n      {\n        \"e\": \"\\\"q\\\"\"\n      }\n    ],\n    \"f\": -1.50e3\n  }\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&pretty).unwrap_or_default();
        let orig: serde_json::Value = serde_json::from_str(compact).unwrap_or_default();
        assert_eq!(back, orig);
    }
}
