//! `localoffer email`: a news post as a copy ready to paste into a mailing tool.
//!
//! Mailing tools and email programs drop `<style>` blocks, scripts and external
//! stylesheets, so the HTML copy carries its styles inline on each element, uses
//! absolute links only, and sets both the text and background colour of every
//! block, so a program that switches to dark mode inverts them together and the
//! text stays readable. The text copy lists the links after the text.

use super::absolute_links;
use crate::content::Site;
use crate::content::news::Post;
use crate::util::html::{escape, unescape};

/// Why a post cannot be turned into an email.
#[derive(Debug, thiserror::Error)]
pub enum EmailError {
    /// The file is not a news post of this site.
    #[error("{0} is not a news post: `email` works on files in content/news/")]
    NotAPost(String),
}

const TEXT: &str = "#0b0c0c";
const PAPER: &str = "#ffffff";
const BACKDROP: &str = "#f3f2f1";
const LINK: &str = "#1d70b8";
const SECONDARY: &str = "#484949";
const FONT: &str = "font-family:Arial,Helvetica,sans-serif";

/// Inline styles for the elements a post's HTML holds.
const STYLES: &[(&str, &str)] = &[
    ("p", "margin:0 0 16px 0;"),
    (
        "h2",
        "margin:32px 0 16px 0;font-size:24px;line-height:1.25;font-weight:bold;",
    ),
    (
        "h3",
        "margin:24px 0 12px 0;font-size:20px;line-height:1.3;font-weight:bold;",
    ),
    ("h4", "margin:20px 0 8px 0;font-size:19px;font-weight:bold;"),
    ("ul", "margin:0 0 16px 0;padding:0 0 0 24px;"),
    ("ol", "margin:0 0 16px 0;padding:0 0 0 24px;"),
    ("li", "margin:0 0 8px 0;"),
    ("a", "color:#1d70b8;text-decoration:underline;"),
    (
        "blockquote",
        "margin:0 0 16px 0;padding:0 0 0 16px;border-left:4px solid #b1b4b6;",
    ),
    ("table", "border-collapse:collapse;margin:0 0 16px 0;"),
    (
        "th",
        "text-align:left;padding:8px;border-bottom:1px solid #b1b4b6;",
    ),
    ("td", "padding:8px;border-bottom:1px solid #b1b4b6;"),
    ("img", "max-width:100%;height:auto;"),
    ("abbr", "text-decoration:none;"),
    ("code", "font-family:monospace;"),
];

/// Finds the post built from `rel` (a path inside `content/`).
pub fn post_for<'s>(site: &'s Site, rel: &str) -> Result<&'s Post, EmailError> {
    let rel = rel.replace('\\', "/");
    let Some(name) = rel.strip_prefix("news/") else {
        return Err(EmailError::NotAPost(format!("content/{rel}")));
    };
    let stem = name
        .rsplit('/')
        .next()
        .unwrap_or(name)
        .trim_end_matches(".md");
    let slug = crate::content::slugify(stem);
    site.news
        .iter()
        .find(|p| p.slug == slug)
        .map(|p| &**p)
        .ok_or_else(|| EmailError::NotAPost(format!("content/{rel}")))
}

/// The post as a complete HTML email with inline styles only.
pub fn email_html(site: &Site, post: &Post) -> String {
    let base = site.config.base();
    let web = format!("{base}{}", post.url);
    let body = inline_styles(&absolute_links(
        &without_jargon_links(&post.html),
        base,
        &post.url,
    ));
    let org = &site.config.organisation;
    let mut contact = escape(&org.name);
    if let Some(email) = &org.email {
        contact.push_str(&format!(
            ". Email <a href=\"mailto:{0}\" style=\"color:{LINK};\">{0}</a>",
            escape(email)
        ));
    }
    if let Some(phone) = &org.phone {
        contact.push_str(&format!(" or call {}", escape(phone)));
    }
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>{title}</title>
</head>
<body style="margin:0;padding:0;background-color:{BACKDROP};color:{TEXT};">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;font-size:1px;line-height:1px;color:{BACKDROP};mso-hide:all;">{preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;background-color:{BACKDROP};">
<tr><td align="center" style="padding:16px 8px;background-color:{BACKDROP};">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background-color:{PAPER};color:{TEXT};{FONT};font-size:19px;line-height:1.5;">
<tr><td style="padding:16px 24px;background-color:{TEXT};color:{PAPER};{FONT};font-size:19px;font-weight:bold;">{site_title}</td></tr>
<tr><td style="padding:24px;background-color:{PAPER};color:{TEXT};{FONT};font-size:19px;line-height:1.5;">
<p style="margin:0 0 16px 0;font-size:16px;color:{SECONDARY};"><a href="{web}" style="color:{LINK};text-decoration:underline;">Read this on the website</a></p>
<p style="margin:0 0 8px 0;font-size:16px;color:{SECONDARY};">{series}, {date}</p>
<h1 style="margin:0 0 16px 0;font-size:32px;line-height:1.2;font-weight:bold;color:{TEXT};">{title}</h1>
<p style="margin:0 0 24px 0;font-size:21px;color:{TEXT};">{summary}</p>
{body}
</td></tr>
<tr><td style="padding:16px 24px;background-color:{PAPER};color:{SECONDARY};{FONT};font-size:16px;line-height:1.5;border-top:1px solid #b1b4b6;">
<p style="margin:0 0 8px 0;">{contact}</p>
<p style="margin:0;">This is a copy of <a href="{web}" style="color:{LINK};text-decoration:underline;">{title}</a> on <a href="{base}/" style="color:{LINK};text-decoration:underline;">{site_title}</a>.</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"#,
        lang = escape(&site.config.language),
        title = escape(&post.title),
        site_title = escape(&site.config.title),
        preheader = escape(&post.summary),
        series = post.series_label,
        date = post.date.long(),
        summary = escape(&post.summary),
        web = escape(&web),
        base = escape(base),
    )
}

/// The post as plain text, each link numbered and listed at the end.
pub fn email_text(site: &Site, post: &Post) -> String {
    let base = site.config.base();
    let web = format!("{base}{}", post.url);
    let body = absolute_links(&without_jargon_links(&post.html), base, &post.url);
    let mut links = Vec::new();
    let text = html_to_text(&body, &mut links);
    let mut out = format!(
        "{title}\n{underline}\n\n{series}, {date}\n\n{summary}\n\nRead this on the website: {web}\n\n{text}",
        title = post.title,
        underline = "=".repeat(post.title.chars().count()),
        series = post.series_label,
        date = post.date.long(),
        summary = post.summary,
    );
    if !links.is_empty() {
        out.push_str("\n\nLinks\n-----\n");
        for (i, l) in links.iter().enumerate() {
            out.push_str(&format!("[{}] {l}\n", i + 1));
        }
    }
    let org = &site.config.organisation;
    out.push_str(&format!("\n--\n{}", org.name));
    if let Some(email) = &org.email {
        out.push_str(&format!("\nEmail: {email}"));
    }
    if let Some(phone) = &org.phone {
        out.push_str(&format!("\nPhone: {phone}"));
    }
    out.push('\n');
    out
}

/// The body without its links to the jargon buster: on the site they explain a
/// word in passing, in an email they would drown the links that matter.
fn without_jargon_links(html: &str) -> String {
    const OPEN: &str = "<a class=\"jargon\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let inner = &after[open_end + 1..];
        match inner.find("</a>") {
            Some(close) => {
                out.push_str(&inner[..close]);
                rest = &inner[close + 4..];
            }
            None => {
                rest = inner;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Adds a `style` attribute to every element named in [`STYLES`].
fn inline_styles(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let name_end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(rest.len(), |n| n + 1);
        let name = &rest[1..name_end];
        out.push_str(&rest[..name_end]);
        rest = &rest[name_end..];
        if let Some((_, style)) = STYLES.iter().find(|(tag, _)| *tag == name) {
            out.push_str(&format!(" style=\"{style}\""));
        }
    }
    out.push_str(rest);
    out
}

/// The text of our own rendered HTML: block elements become lines, list items get a
/// dash, headings an underline, links a number in brackets (their addresses are
/// pushed onto `links`), entities are decoded and every tag is dropped.
fn html_to_text(html: &str, links: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut heading_start: Option<usize> = None;
    let mut link: Option<String> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push_str(&unescape(rest));
            break;
        };
        out.push_str(&unescape(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        match (name.as_str(), closing) {
            ("p" | "ul" | "ol" | "table" | "blockquote" | "pre", false) => blank_line(&mut out),
            ("p" | "ul" | "ol" | "table" | "blockquote" | "pre", true) => blank_line(&mut out),
            ("li", false) => {
                new_line(&mut out);
                out.push_str("- ");
            }
            ("tr", false) | ("br", _) => new_line(&mut out),
            ("td" | "th", true) => out.push_str("  "),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", false) => {
                blank_line(&mut out);
                heading_start = Some(out.len());
            }
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", true) => {
                if let Some(start) = heading_start.take() {
                    let width = out[start..].chars().count();
                    let mark = if name == "h2" { "-" } else { "~" };
                    out.push('\n');
                    out.push_str(&mark.repeat(width));
                }
                blank_line(&mut out);
            }
            ("a", false) => link = attribute(tag, "href"),
            ("a", true) => {
                if let Some(href) = link.take() {
                    let shown = href.trim_start_matches("mailto:");
                    if !out.ends_with(shown) {
                        links.push(href.clone());
                        out.push_str(&format!(" [{}]", links.len()));
                    }
                }
            }
            ("img", false) => {
                if let Some(alt) = attribute(tag, "alt").filter(|a| !a.is_empty()) {
                    out.push_str(&format!("[Image: {alt}]"));
                }
            }
            _ => {}
        }
    }
    // Tidy: no trailing spaces, at most one blank line in a row.
    let mut tidy = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 || tidy.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        tidy.push_str(line);
        tidy.push('\n');
    }
    tidy.trim_end().to_owned()
}

fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn blank_line(out: &mut String) {
    new_line(out);
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// The value of `name="..."` in a tag, decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_structure_and_lists_links() {
        let mut links = Vec::new();
        let text = html_to_text(
            r#"<h2 id="a">Dates &amp; times</h2><p>See <a href="https://x.gov.uk/faqs/">our FAQs</a>.</p><ul><li>One</li><li>Two</li></ul>"#,
            &mut links,
        );
        assert_eq!(
            text,
            "Dates & times\n-------------\n\nSee our FAQs [1].\n\n- One\n- Two"
        );
        assert_eq!(links, ["https://x.gov.uk/faqs/"]);
    }

    #[test]
    fn jargon_links_are_dropped_but_their_words_kept() {
        let html = r##"Ask your <a class="jargon" href="/jargon/#senco"><abbr title="S">SENCo</abbr></a> or <a href="/faqs/">read</a>."##;
        assert_eq!(
            without_jargon_links(html),
            r##"Ask your <abbr title="S">SENCo</abbr> or <a href="/faqs/">read</a>."##
        );
    }

    #[test]
    fn styles_go_inline_on_each_element() {
        let html = inline_styles(r#"<p>a <a href="x">b</a></p><abbr title="t">c</abbr>"#);
        assert!(html.starts_with(r#"<p style="margin:0 0 16px 0;">a <a style="color:#1d70b8;text-decoration:underline;" href="x">"#), "{html}");
        assert!(html.contains(r#"<abbr style="#), "{html}");
    }
}
