use super::rustdoc_markdown as md;

#[test]
fn plain_markdown_is_kept() {
    let s = "Queries instances.\n\n- `Limit`: at most **100**.\n- See [docs](https://cloud.tencent.com/doc).";
    assert_eq!(md(s), s);
}

#[test]
fn fences_become_text_blocks() {
    assert_eq!(md("Example:\n```json\n{\"a\": [1, 2]}\n```\nDone."), "Example:\n```text\n{\"a\": [1, 2]}\n```\nDone.");
    assert_eq!(md("```rust\nfn main() {}\n```"), "```text\nfn main() {}\n```");
    assert_eq!(md("~~~\nx <b>y</b>\n~~~"), "```text\nx <b>y</b>\n```");
}

#[test]
fn unterminated_fence_is_closed() {
    assert_eq!(md("Run:\n```\nrm -rf /tmp/x"), "Run:\n```text\nrm -rf /tmp/x\n```");
}

#[test]
fn indented_fence_in_list_is_unindented() {
    let s = "-Example value:\n    ```\n    \"Filters\":[\n        {\"Key\": \"tagKey\"}\n    ]\n    ```\n\n- next";
    assert_eq!(md(s), "-Example value:\n```text\n\"Filters\":[\n    {\"Key\": \"tagKey\"}\n]\n```\n\n- next");
}

#[test]
fn fence_content_with_backticks_gets_a_longer_fence() {
    assert_eq!(md("~~~\na ``` b\n~~~"), "````text\na ``` b\n````");
}

#[test]
fn inline_triple_backticks_are_a_code_span() {
    let s = "(1) Install ``` pip install x ``` (2) Run";
    assert_eq!(md(s), s);
}

#[test]
fn indentation_never_makes_a_code_block() {
    assert_eq!(md("Values:\n\n    {\n\t\"a\": 1\n    }"), "Values:\n\n   {\\\n   \"a\": 1\\\n   }");
    assert_eq!(
        md("- agent-status\n    - String\n    -     required: no"),
        "- agent-status\n   - String\n   - required: no"
    );
    assert_eq!(md(">      quoted"), "> quoted");
    assert_eq!(md("a\n>= 5"), "a\\\n\\>= 5");
}

#[test]
fn newlines_are_hard_breaks_within_paragraphs() {
    assert_eq!(md("Valid values:\n0: off\n1: on\n\nDefault: 0."), "Valid values:\\\n0: off\\\n1: on\n\nDefault: 0.");
    // Not before a block, nor on headings and tables.
    assert_eq!(md("Values:\n- a\n- b"), "Values:\n- a\n- b");
    assert_eq!(md("### Fields\ntext"), "### Fields\ntext");
    let table = "Intro\n| Field | Type |\n|---|---|\n| a | b |\nEnd";
    assert_eq!(md(table), "Intro\n| Field | Type |\n|---|---|\n| a | b |\nEnd");
}

#[test]
fn br_makes_a_new_line() {
    assert_eq!(md("Valid values:<br>0: off<br/>1: on<br />2: auto"), "Valid values:\\\n0: off\\\n1: on\\\n2: auto");
    assert_eq!(md("a<br><br>b"), "a\n\nb");
    assert_eq!(md("a<br>\nb"), "a\\\nb");
}

#[test]
fn paragraphs_become_blank_lines() {
    assert_eq!(md("<p>First.</p><p>Second.</p>\n<p>Third.</p>"), "First.\n\nSecond.\n\nThird.");
}

#[test]
fn html_lists_become_markdown_lists() {
    assert_eq!(
        md("Values:<ul><li>A: on</li><li>B: off</li></ul>Default: A."),
        "Values:\n- A: on\n- B: off\n\nDefault: A."
    );
    assert_eq!(md("<ol><li>one</li><li>two</li></ol>"), "1. one\n2. two");
    assert_eq!(md("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"), "- a\n  - b\n- c");
    assert_eq!(md("<li><p>Supported:</p></li>"), "- Supported:");
    assert_eq!(md("Sort by:<li>a</li><li>b</li>Default: <code>a</code>."), "Sort by:\n- a\n- b\n\nDefault: `a`.");
    assert_eq!(md("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>"), "- a\n- b");
}

#[test]
fn emphasis_tags_become_markers() {
    assert_eq!(md("<b>Note</b>: <strong>x</strong>, <i>y</i>, <em>z</em>"), "**Note**: **x**, *y*, *z*");
    assert_eq!(md("x <b> Note </b>x"), "x  **Note** x");
    assert_eq!(md("a<b></b>b<i class=\"icon\"></i>"), "ab");
}

#[test]
fn code_tags_become_code_spans() {
    assert_eq!(md("Use <code>DescribeInstances</code>."), "Use `DescribeInstances`.");
    assert_eq!(md("Regex <code>^[a-z]([a-z0-9_]{0,49})$</code>"), "Regex `^[a-z]([a-z0-9_]{0,49})$`");
    assert_eq!(md("<code>a`b</code>"), "``a`b``");
    assert_eq!(md("<code>&quot;x&quot; &lt;y&gt;</code>"), "`\"x\" <y>`");
}

#[test]
fn pre_becomes_a_text_block() {
    let s = "<p>As follows:<br><pre><code>{  &quot;tag&quot;: [1]}</code></pre>● Only MP4</p>";
    assert_eq!(md(s), "As follows:\n```text\n{  \"tag\": [1]}\n```\n● Only MP4");
}

#[test]
fn anchors_become_links() {
    assert_eq!(
        md("See <a href=\"https://intl.cloud.tencent.com/document/product/213/6091\">zones</a>."),
        "See [zones](https://intl.cloud.tencent.com/document/product/213/6091)."
    );
    assert_eq!(md("(See <a href=\"#maxResultsDesc\">limit</a>.)"), "(See limit.)");
    assert_eq!(md("<a href=\"https://a.com/x\"></a>"), "<https://a.com/x>");
    assert_eq!(md("<a href=\"https://a.com/[x]\">[1] <code>y</code></a>"), "[\\[1\\] `y`](https://a.com/[x])");
}

#[test]
fn other_known_tags_are_dropped() {
    assert_eq!(md("<font color=\"red\">Note</font>: <span class=\"x\">a</span>"), "Note: a");
    assert_eq!(md("<div>one</div><div>two</div>"), "one\\\ntwo");
    assert_eq!(md("<dx-alert infotype=\"notice\" title=\"Note\">Max 100.</dx-alert>"), "Max 100.");
    assert_eq!(
        md("<table> <tr> <th>Name</th> <th>Type</th> </tr> <tr> <td>a</td> <td>b</td> </tr> </table>"),
        "Name | Type\\\na | b"
    );
    assert_eq!(md("a<!-- hidden -->b"), "ab");
}

#[test]
fn unknown_tags_are_escaped() {
    assert_eq!(md("Set <InstanceId> to x."), "Set &lt;InstanceId> to x.");
    assert_eq!(md("See <Common request parameters>."), "See &lt;Common request parameters>.");
    assert_eq!(md("List<String>, a<b, x < y"), "List&lt;String>, a&lt;b, x &lt; y");
    assert_eq!(md("<ur><li>a</li></ur>"), "&lt;ur>\n- a\n\n&lt;/ur>");
}

#[test]
fn autolinks_are_kept() {
    assert_eq!(md("See <https://cloud.tencent.com/document/api>."), "See <https://cloud.tencent.com/document/api>.");
}

#[test]
fn bare_urls_become_autolinks() {
    assert_eq!(
        md("See https://cloud.tencent.com/document/product/213."),
        "See <https://cloud.tencent.com/document/product/213>."
    );
    assert_eq!(md("(at http://a.b.com/x?y=1), then"), "(at <http://a.b.com/x?y=1>), then");
    assert_eq!(md("见https://a.com/x。下一步"), "见<https://a.com/x>。下一步");
    assert_eq!(md("HTTPS://A.COM/x; more"), "<HTTPS://A.COM/x>; more");
    assert_eq!(md("wiki http://x.org/A_(b) end"), "wiki <http://x.org/A_(b)> end");
    assert_eq!(md("only http:// here"), "only http:// here");
    assert_eq!(md("**https://ab.com/x**, https://ab.com/&lt;y"), "**<https://ab.com/x>**, <https://ab.com/>&lt;y");
    // Found even when a dropped tag splits it.
    assert_eq!(md("https://<b></b>cloud.tencent.com/x"), "<https://cloud.tencent.com/x>");
}

#[test]
fn urls_in_code_and_links_are_left_alone() {
    let s = "`http://a.com` and [a](https://b.com/x) and <https://c.com>";
    assert_eq!(md(s), s);
    assert_eq!(md("[https://a.com](https://a.com)"), "[https://a.com](https://a.com)");
}

#[test]
fn brackets_are_escaped() {
    assert_eq!(
        md("Values [1, 2], [\"a\",\"b\"], [InstanceId], []"),
        "Values \\[1, 2\\], \\[\"a\",\"b\"\\], \\[InstanceId\\], \\[\\]"
    );
    assert_eq!(md("Inside code: `[1, 2]`"), "Inside code: `[1, 2]`");
}

#[test]
fn images_become_links() {
    assert_eq!(md("See ![chart](https://ab.com/c.png) and ![x](y)!"), "See [chart](https://ab.com/c.png) and x!");
    assert_eq!(md("Wow!<a href=\"https://ab.com\">site</a>"), "Wow\\![site](https://ab.com)");
    assert_eq!(md("<img src=\"https://ab.com/i.png\" alt=\"[i]\">"), "[\\[i\\]](https://ab.com/i.png)");
}

#[test]
fn adjacent_code_spans_stay_apart() {
    assert_eq!(md("<code>a</code>`b`"), "`a` `b`");
    assert_eq!(md("`a\\`<code>``</code>"), "`a\\` ``` `` ```");
}

#[test]
fn links_to_non_urls_become_text() {
    assert_eq!(md("See [Sample 1](#.E7.A4.BA) and [DescribeFoo](DescribeFoo)."), "See Sample 1 and DescribeFoo.");
    assert_eq!(md("[API](/document/api/213/15728) [x]()"), "API x");
    assert_eq!(md("[```x](y)"), "\\`\\`\\`x");
    assert_eq!(
        md("[a](https://x.com/a(b)c) [b](<https://y.com/a b>)"),
        "[a](https://x.com/a%28b%29c) [b](https://y.com/a%20b)"
    );
}

#[test]
fn unbalanced_backticks_are_escaped() {
    assert_eq!(md("a `b\nc` d"), "a \\`b\\\nc\\` d");
    assert_eq!(md("``x`` and `y"), "``x`` and \\`y");
}

#[test]
fn tildes_that_could_fence_are_escaped() {
    assert_eq!(md("a ~~~ b ~~c~~"), "a \\~\\~\\~ b ~~c~~");
    assert_eq!(md("<tr>~~</td>~"), "~~\\~");
    // A fence after a list marker is a fence.
    assert_eq!(md("<li>~~~\nx\n~~~"), "```text\nx\n```");
    assert_eq!(md("1~31"), "1~31");
}

#[test]
fn backslashes() {
    assert_eq!(md("C:\\dir \\[x\\]"), "C:\\\\dir \\[x\\]");
    assert_eq!(md("\\https://a.com"), "\\\\<https://a.com>");
}

#[test]
fn setext_underlines_get_a_blank_line() {
    assert_eq!(md("Title\n---\nText\n==="), "Title\n\n---\nText\n\n===");
}

#[test]
fn whitespace_and_blank_lines() {
    assert_eq!(md("a  \n\n\n\nb\t\n\n"), "a\n\nb");
    assert_eq!(md("\r\na\r\nb\r"), "a\\\nb");
    assert_eq!(md(""), "");
}

#[test]
fn never_panics_on_odd_input() {
    for s in [
        "<",
        "<a",
        "<a href=",
        "<a href=\"",
        "[",
        "[x](",
        "[x](<",
        "`",
        "\\",
        "&",
        "&#x110000;",
        "<code>",
        "<pre>",
        "</li></ul></ol>",
        "<li>",
        "h",
        "http",
        "https://",
        "<https://",
        "<!--",
        "é<é>é[é](é)`é",
        "```",
        "~~~~",
        "<img src=\"https://a.com/i.png\" alt=\"[x]\">",
        "&#;",
        "&#x;",
        "<a href='https://a.com'>é</a>",
    ] {
        let _ = md(s);
    }
}

#[test]
fn deterministic() {
    let s = "<p>a<br>b</p><ul><li>[x]</li></ul> https://a.com";
    assert_eq!(md(s), md(s));
}
