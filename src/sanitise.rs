//! Raw HTML written in Markdown, cleaned with ammonia before it reaches a page.
//!
//! Content comes from many hands, and a page is read in a parent's browser: nothing an
//! editor types may run script there. Our own renderer's output is safe by
//! construction (it escapes every text and attribute), so a body is cleaned only when
//! its Markdown held raw HTML; then the whole body goes through the allowlist below,
//! which keeps everything our renderer writes around it (heading ids, jargon links,
//! `<abbr title>`, footnotes, tables) and drops `<script>`, `<style>`, event-handler
//! attributes and any URL that is not `http`, `https`, `mailto`, `tel` or relative.
//!
//! `site.toml`'s `[html]` table can widen the list: `iframe_hosts` lets an `<iframe>`
//! through when its `src` is an `https` address on one of those hosts (a video
//! embed), and `extra_tags` / `extra_attributes` allow more harmless markup. Tags and
//! attributes that could run script or change where the page sends people are refused
//! when `site.toml` is read (see [`check`]).

use std::borrow::Cow;
use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// Tags that `extra_tags` may never add: they run script, load other documents,
/// change the page's base or take input.
const NEVER_TAGS: &[&str] = &[
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
    "link", "form", "input", "button", "textarea", "select", "option", "svg", "math", "template",
    "noscript", "portal", "html", "head", "body", "title", "slot",
];

/// Attributes that `extra_attributes` may never add, besides every `on...` handler.
const NEVER_ATTRIBUTES: &[&str] = &[
    "style",
    "srcdoc",
    "formaction",
    "action",
    "http-equiv",
    "is",
    "xmlns",
];

/// Attributes an allowed `<iframe>` keeps.
const IFRAME_ATTRIBUTES: &[&str] = &[
    "src",
    "title",
    "width",
    "height",
    "allow",
    "allowfullscreen",
    "loading",
    "referrerpolicy",
];

/// `[html]` in `site.toml`: widens the allowlist raw HTML in Markdown is cleaned
/// with (see [`Sanitiser`]).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlConfig {
    /// Hosts whose `https` pages may be embedded with `<iframe>` (video players).
    /// The server's Content-Security-Policy allows frames from these hosts only.
    #[serde(default)]
    pub iframe_hosts: Vec<String>,
    /// More tags raw HTML may use (`video`, say); tags that run script are refused.
    #[serde(default)]
    pub extra_tags: Vec<String>,
    /// More attributes per tag: `{ video = ["controls"] }`; handlers are refused.
    #[serde(default)]
    pub extra_attributes: std::collections::BTreeMap<String, Vec<String>>,
}

/// The allowlist for one build, from `site.toml`'s `[html]` table.
pub struct Sanitiser {
    builder: ammonia::Builder<'static>,
}

impl Sanitiser {
    /// The allowlist: ammonia's defaults, what our renderer writes, and `config`'s
    /// additions (which [`check`] has vetted).
    pub fn new(config: &HtmlConfig) -> Sanitiser {
        let mut builder = ammonia::Builder::default();
        builder
            // Our links carry no rel; ammonia would add one to every link.
            .link_rel(None)
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .add_generic_attributes(["id", "class"])
            .add_tag_attributes("details", ["open"])
            .add_tag_attributes("time", ["datetime"])
            // pulldown-cmark writes column alignment as a style attribute; nothing
            // else in a style attribute survives.
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]));
        let extra_tags: Vec<&'static str> = config
            .extra_tags
            .iter()
            .filter(|t| allowed_tag(t))
            .map(|t| intern(t))
            .collect();
        builder.add_tags(extra_tags);
        for (tag, attributes) in &config.extra_attributes {
            let attributes: Vec<&'static str> = attributes
                .iter()
                .filter(|a| allowed_attribute(a))
                .map(|a| intern(a))
                .collect();
            if allowed_tag(tag) {
                builder.add_tag_attributes(intern(tag), attributes);
            }
        }
        if !config.iframe_hosts.is_empty() {
            builder
                .add_tags(["iframe"])
                .add_tag_attributes("iframe", IFRAME_ATTRIBUTES.iter().copied());
            let hosts: Vec<String> = config
                .iframe_hosts
                .iter()
                .map(|h| h.to_ascii_lowercase())
                .collect();
            builder.attribute_filter(move |element, attribute, value| {
                if element == "iframe" && attribute == "src" && !embeddable(value, &hosts) {
                    None
                } else {
                    Some(Cow::Borrowed(value))
                }
            });
        }
        Sanitiser { builder }
    }

    /// `html` with everything outside the allowlist removed.
    pub fn clean(&self, html: &str) -> String {
        self.builder.clean(html).to_string()
    }
}

/// `name` with a `'static` lifetime, as ammonia's builder wants. Each distinct name
/// is leaked once (a server that rebuilds every day must not grow), and there are
/// only as many as `site.toml` lists.
fn intern(name: &str) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut names = NAMES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = names.iter().find(|n| **n == name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.push(leaked);
    leaked
}

/// Whether `src` is an `https` address on one of `hosts` (lower case).
fn embeddable(src: &str, hosts: &[String]) -> bool {
    let Some(rest) = src.trim().strip_prefix("https://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // No user names or ports: `https://good.example@evil.example/` must not pass.
    !authority.contains(['@', ':', '\\']) && hosts.iter().any(|h| authority.eq_ignore_ascii_case(h))
}

fn allowed_tag(tag: &str) -> bool {
    is_name(tag) && !NEVER_TAGS.contains(&tag)
}

fn allowed_attribute(attribute: &str) -> bool {
    is_name(attribute) && !attribute.starts_with("on") && !NEVER_ATTRIBUTES.contains(&attribute)
}

/// A lower-case tag or attribute name: a letter, then letters, digits or hyphens.
fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// What is wrong with `config`, one sentence each: tags and attributes that may not
/// be allowed, and hosts that are not bare host names.
pub fn check(config: &HtmlConfig) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in &config.extra_tags {
        if !allowed_tag(tag) {
            problems.push(format!("extra_tags may not allow `{tag}`"));
        }
    }
    for (tag, attributes) in &config.extra_attributes {
        if !is_name(tag) || NEVER_TAGS.contains(&tag.as_str()) {
            problems.push(format!("extra_attributes may not name the tag `{tag}`"));
        }
        for a in attributes {
            if !allowed_attribute(a) {
                problems.push(format!("extra_attributes may not allow `{a}` on `{tag}`"));
            }
        }
    }
    for host in &config.iframe_hosts {
        let bare = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if !bare {
            problems.push(format!(
                "iframe_hosts entry `{host}` is not a host name (write it without https:// or a path)"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean_with(config: &HtmlConfig, html: &str) -> String {
        Sanitiser::new(config).clean(html)
    }

    fn clean(html: &str) -> String {
        clean_with(&HtmlConfig::default(), html)
    }

    #[test]
    fn scripts_handlers_and_script_urls_are_removed() {
        let out = clean(
            r#"<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(1)">a</a><img src="data:image/png;base64,AA" onerror="x()"><style>p{}</style></p>"#,
        );
        assert_eq!(out, "<p>Hi<a>a</a><img></p>");
    }

    #[test]
    fn what_our_renderer_writes_is_kept() {
        let html = r#"<h2 id="help">Help</h2>
<p>Ask your <a class="jargon" href="/jargon/#senco"><abbr title="Special educational needs co-ordinator">SENCo</abbr></a>.</p>
<details open><summary>More</summary><p>Text</p></details>
<table><thead><tr><th style="text-align: center">a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>
<ol start="3"><li>x</li></ol>"#;
        // The same markup, as html5ever writes it out.
        let expected = html
            .replace("<details open>", r#"<details open="">"#)
            .replace("text-align: center", "text-align:center");
        assert_eq!(clean(html), expected);
    }

    #[test]
    fn iframes_pass_only_from_listed_https_hosts() {
        let config = HtmlConfig {
            iframe_hosts: vec!["www.youtube-nocookie.com".into()],
            ..HtmlConfig::default()
        };
        let good =
            r#"<iframe src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>"#;
        assert_eq!(clean_with(&config, good), good);
        for bad in [
            "http://www.youtube-nocookie.com/embed/x",
            "https://evil.example/embed/x",
            "https://www.youtube-nocookie.com@evil.example/",
            "https://www.youtube-nocookie.com.evil.example/",
            "javascript:alert(1)",
        ] {
            let out = clean_with(&config, &format!(r#"<iframe src="{bad}"></iframe>"#));
            assert_eq!(out, "<iframe></iframe>", "{bad}");
        }
        assert_eq!(clean(good), "", "no iframes unless a host is listed");
    }

    #[test]
    fn extra_tags_and_attributes_are_vetted() {
        let config = HtmlConfig {
            extra_tags: vec!["video".into(), "script".into()],
            extra_attributes: [("video".to_owned(), vec!["controls".into(), "onplay".into()])]
                .into_iter()
                .collect(),
            ..HtmlConfig::default()
        };
        let out = clean_with(
            &config,
            r#"<video controls onplay="x()"></video><script>1</script>"#,
        );
        assert_eq!(out, "<video controls=\"\"></video>");
        let problems = check(&config);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
