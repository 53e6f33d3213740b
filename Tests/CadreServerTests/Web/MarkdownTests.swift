@testable import CadreServer
import XCTest

/// Task text is hostile by assumption: whatever a client or a model wrote, the page gets
/// only the markup the renderer writes itself.
final class MarkdownTests: XCTestCase {
    func testRawHTMLIsShownAsText() {
        let html = Markdown.html("Hello <script>alert(1)</script> <img src=x onerror=alert(1)>")
        XCTAssertEqual(html, "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>")
    }

    func testOnlyHTTPLinksBecomeLinks() {
        XCTAssertEqual(
            Markdown.html("[docs](https://example.com/a?b=1&c=2)"),
            "<p><a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">docs</a></p>")
        for hostile in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//evil.example", "/relative"] {
            let html = Markdown.html("[click](\(hostile))")
            XCTAssertFalse(html.contains("<a "), "\(hostile) became a link: \(html)")
            XCTAssertFalse(html.contains("<b>"))
        }
    }

    func testALinkCannotBreakOutOfItsAttribute() {
        let html = Markdown.html(#"[x](https://a.example/" onmouseover="alert(1)) and [y](https://a.example/'onfocus='alert(1))"#)
        XCTAssertFalse(html.contains("<a "), html)
        XCTAssertFalse(html.contains("\" onmouseover"))
        XCTAssertTrue(html.contains("&quot; onmouseover=&quot;alert(1)"))
    }

    func testLinkTextIsEscapedToo() {
        let html = Markdown.html("[<script>x</script>](https://example.com)")
        XCTAssertTrue(html.contains(">&lt;script&gt;x&lt;/script&gt;</a>"), html)
    }

    func testCodeBlocksKeepTheirTextEscapedAndLabelTheLanguage() {
        let html = Markdown.html("```html\n<div onclick=\"x()\">&amp;</div>\n```")
        XCTAssertEqual(
            html,
            "<pre><span class=\"code-lang\">html</span><code class=\"language-html\">&lt;div onclick=&quot;x()&quot;&gt;&amp;amp;&lt;/div&gt;</code></pre>")
    }

    func testACodeBlockLanguageCannotInjectAnAttribute() {
        let html = Markdown.html("```js\" onload=\"alert(1)\nx\n```")
        XCTAssertTrue(html.contains("class=\"language-js\""), html)
        XCTAssertFalse(html.contains("onload=\""))
    }

    func testInlineMarkup() {
        XCTAssertEqual(
            Markdown.html("Use **bold**, *em*, `a<b`, and snake_case_names."),
            "<p>Use <strong>bold</strong>, <em>em</em>, <code>a&lt;b</code>, and snake_case_names.</p>")
    }

    func testHeadingsListsQuotesAndLineBreaks() {
        let html = Markdown.html("# Title\nfirst line\nsecond line\n\n- one\n- two\n\n1. a\n2. b\n\n> quoted")
        XCTAssertEqual(
            html,
            "<h3>Title</h3><p>first line<br>second line</p><ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol><blockquote><p>quoted</p></blockquote>")
    }

    func testUnclosedMarkersStayLiteral() {
        XCTAssertEqual(Markdown.html("2 * 3 = 6 and `unclosed"), "<p>2 * 3 = 6 and `unclosed</p>")
        XCTAssertEqual(Markdown.html("```\nnever closed <b>"), "<pre><code>never closed &lt;b&gt;</code></pre>")
    }
}
