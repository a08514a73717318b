//! Builds the single-file HTML reference with Redocly CLI's `build-docs` and makes it work
//! offline.
//!
//! `build-docs` of `@redocly/cli` 1.x pre-renders the whole reference (every operation and
//! webhook on one page, linked by `#` anchors) but loads the Redoc script from a CDN and the
//! fonts from Google. The xtask turns the fonts off and replaces the CDN `<script src>` with the
//! same Redoc version's bundle from `node_modules`, then checks that the page loads nothing
//! from the network. Redocly CLI 2.x ships Redoc 3, whose page switches views with
//! `history.pushState`, which browsers reject on `file://` pages, so it is not used here.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// npm package that provides `build-docs`.
pub const REDOCLY_PACKAGE: &str = "@redocly/cli";
/// Exact version of [`REDOCLY_PACKAGE`]; 1.x because its Redoc 2 page works from `file://`.
pub const REDOCLY_VERSION: &str = "1.34.20";

/// CDN `<script>` tag that `build-docs` writes for the Redoc bundle, which the xtask inlines.
const CDN_SCRIPT_PREFIX: &str = "<script src=\"https://cdn.redocly.com/redoc/v";
const CDN_SCRIPT_SUFFIX: &str = "/bundles/redoc.standalone.js\"></script>";

/// Page template: Redocly's layout without web fonts, plus CSS that widens the evidence badges.
const PAGE_TEMPLATE: &str = include_str!("page.hbs");

/// Result of [`build`]: the page size and the inlined Redoc version.
pub struct Built {
    pub bytes: usize,
    pub redoc_version: String,
}

/// Renders `spec` into the self-contained HTML file `out`.
///
/// `npm_prefix` is the folder that contains (or receives) the pinned Redocly CLI.
pub fn build(spec: &Path, out: &Path, title: &str, npm_prefix: &Path) -> Result<Built> {
    let cli = ensure_cli(npm_prefix)?;
    let template = std::env::temp_dir().join(format!("p100-docs-page-{}.hbs", std::process::id()));
    std::fs::write(&template, PAGE_TEMPLATE)
        .with_context(|| format!("failed to write {}", template.display()))?;
    let output = Command::new("node")
        .arg(&cli)
        .arg("build-docs")
        .arg(spec)
        .arg("--output")
        .arg(out)
        .arg("--title")
        .arg(title)
        .arg("--template")
        .arg(&template)
        .arg("--disableGoogleFont")
        .arg("--theme.openapi.showExtensions=x-p100-known-values,x-p100-sensitive")
        .arg("--theme.openapi.expandResponses=200,201")
        .arg("--theme.openapi.pathInMiddlePanel")
        .arg("--lint-config=off")
        // Redocly CLI sends usage telemetry to its vendor unless this variable is off.
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .output();
    let _ = std::fs::remove_file(&template);
    let output = output.context("failed to run node; install Node.js 18.17 or later")?;
    if !output.status.success() {
        bail!(
            "redocly build-docs failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let html = std::fs::read_to_string(out)
        .with_context(|| format!("failed to read {} after build-docs", out.display()))?;
    let (html, redoc_version) = inline_redoc_bundle(&html, npm_prefix)?;
    let external = external_resources(&html);
    if !external.is_empty() {
        bail!(
            "{} would load these resources from the network, so it would not work offline: {}",
            out.display(),
            external.join(", ")
        );
    }
    std::fs::write(out, &html).with_context(|| format!("failed to write {}", out.display()))?;
    Ok(Built {
        bytes: html.len(),
        redoc_version,
    })
}

/// Returns the CLI entry script, installing the pinned version with npm when it is missing.
fn ensure_cli(npm_prefix: &Path) -> Result<PathBuf> {
    let package_dir = npm_prefix.join("node_modules").join(REDOCLY_PACKAGE);
    let cli = package_dir.join("bin/cli.js");
    if installed_version(&package_dir).as_deref() == Some(REDOCLY_VERSION) && cli.is_file() {
        return Ok(cli);
    }

    let npm_works = Command::new("npm")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !npm_works {
        bail!(
            "npm was not found on PATH. `cargo xtask docs` installs {REDOCLY_PACKAGE}@{REDOCLY_VERSION} \
             with npm: install Node.js 18.17 or later (with npm), or pass --skip-html to write \
             only the JSON Schemas and READMEs"
        );
    }
    std::fs::create_dir_all(npm_prefix)
        .with_context(|| format!("failed to create {}", npm_prefix.display()))?;
    let manifest = npm_prefix.join("package.json");
    if !manifest.exists() {
        std::fs::write(&manifest, "{\"private\": true}\n")
            .with_context(|| format!("failed to write {}", manifest.display()))?;
    }
    eprintln!(
        "  installing {REDOCLY_PACKAGE}@{REDOCLY_VERSION} into {}",
        npm_prefix.display()
    );
    let status = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(npm_prefix)
        .args([
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--save-exact",
        ])
        .arg(format!("{REDOCLY_PACKAGE}@{REDOCLY_VERSION}"))
        .status()
        .context("failed to run npm install")?;
    if !status.success() {
        bail!(
            "npm install {REDOCLY_PACKAGE}@{REDOCLY_VERSION} failed ({status}); see npm's output above"
        );
    }
    if !cli.is_file() {
        bail!("npm install finished but {} does not exist", cli.display());
    }
    Ok(cli)
}

/// Reads the `version` of an installed npm package, or `None` when it is not installed.
fn installed_version(package_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package_dir.join("package.json")).ok()?;
    let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
    manifest.get("version")?.as_str().map(str::to_string)
}

/// Finds the `redoc` package that `@redocly/cli` resolves: its own nested copy first, then the
/// hoisted one.
fn redoc_package_dir(npm_prefix: &Path) -> Option<PathBuf> {
    let modules = npm_prefix.join("node_modules");
    [
        modules.join(REDOCLY_PACKAGE).join("node_modules/redoc"),
        modules.join("redoc"),
    ]
    .into_iter()
    .find(|dir| dir.join("package.json").is_file())
}

/// Replaces the CDN `<script src>` of the Redoc bundle by an inline script with the same
/// version's bundle; returns the new page and the Redoc version.
fn inline_redoc_bundle(html: &str, npm_prefix: &Path) -> Result<(String, String)> {
    let start = html.find(CDN_SCRIPT_PREFIX).context(
        "build-docs output has no CDN script tag for Redoc; the Redocly CLI output format \
         changed, so update xtask/src/docs/redoc.rs",
    )?;
    let version_start = start + CDN_SCRIPT_PREFIX.len();
    let version_len = html[version_start..]
        .find(CDN_SCRIPT_SUFFIX)
        .context("the Redoc CDN script tag has an unexpected form")?;
    let cdn_version = &html[version_start..version_start + version_len];
    let end = version_start + version_len + CDN_SCRIPT_SUFFIX.len();

    let redoc_dir = redoc_package_dir(npm_prefix).with_context(|| {
        format!(
            "the redoc package is missing under {}",
            npm_prefix.join("node_modules").display()
        )
    })?;
    let local_version = installed_version(&redoc_dir).unwrap_or_default();
    if local_version != cdn_version {
        bail!(
            "build-docs links Redoc {cdn_version} but {} holds Redoc {local_version}; \
             delete {} and rerun so npm installs a consistent set",
            redoc_dir.display(),
            npm_prefix.display()
        );
    }
    let bundle_path = redoc_dir.join("bundles/redoc.standalone.js");
    let bundle = std::fs::read_to_string(&bundle_path)
        .with_context(|| format!("failed to read {}", bundle_path.display()))?;
    // The source map is not shipped in the page, so its comment would only make devtools fetch.
    let bundle: String = bundle
        .lines()
        .filter(|line| !line.starts_with("//# sourceMappingURL="))
        .collect::<Vec<_>>()
        .join("\n");
    if bundle.contains("</script") {
        bail!(
            "{} contains `</script`, which would end the inline script early",
            bundle_path.display()
        );
    }

    let mut page = String::with_capacity(html.len() + bundle.len() + 32);
    page.push_str(&html[..start]);
    page.push_str("<script>\n");
    page.push_str(&bundle);
    page.push_str("\n</script>");
    page.push_str(&html[end..]);
    Ok((page, local_version))
}

/// Lists the resources an HTML page would fetch from another origin when opened: `src` of
/// `script`, `img`, `iframe`, `audio`, `video` and `source` tags, `href` of `link` tags, and
/// `@import` or `url(http...)` inside `<style>`. Links (`<a href>`) are not fetched, so they
/// are allowed.
pub fn external_resources(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut position = 0;
    while let Some(offset) = lower[position..].find('<') {
        let tag_start = position + offset;
        let Some(tag_len) = lower[tag_start..].find('>') else {
            break;
        };
        let tag_end = tag_start + tag_len;
        let tag = &lower[tag_start + 1..tag_end];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let attribute = match name.as_str() {
            "script" | "img" | "iframe" | "audio" | "video" | "source" | "embed" => Some("src"),
            "link" => Some("href"),
            _ => None,
        };
        if let Some(attribute) = attribute
            && let Some(value) = attribute_value(&html[tag_start + 1..tag_end], attribute)
            && is_remote(&value)
        {
            found.push(format!("<{name} {attribute}=\"{value}\">"));
        }

        position = tag_end + 1;
        if name == "script" || name == "style" {
            let closing = format!("</{name}");
            let Some(close) = lower[position..].find(&closing) else {
                break;
            };
            let body = &lower[position..position + close];
            if name == "style"
                && (body.contains("@import")
                    || body.contains("url(http")
                    || body.contains("url(//"))
            {
                found.push("<style> with @import or a remote url()".to_string());
            }
            position += close;
        }
    }
    found
}

/// Reads the value of `attribute` from the inside of a tag (`script src="..." ...`).
fn attribute_value(tag: &str, attribute: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut search = 0;
    while let Some(offset) = lower[search..].find(attribute) {
        let at = search + offset;
        search = at + attribute.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[search..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let (quote, body) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
            _ => (None, value),
        };
        let end = match quote {
            Some(q) => body.find(q).unwrap_or(body.len()),
            None => body
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(body.len()),
        };
        return Some(body[..end].to_string());
    }
    None
}

fn is_remote(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_script_is_reported() {
        let html = r#"<html><head><script src="https://cdn.example/x.js"></script></head></html>"#;
        assert_eq!(
            external_resources(html),
            vec![r#"<script src="https://cdn.example/x.js">"#]
        );
    }

    #[test]
    fn stylesheet_link_is_reported() {
        let html = r#"<link href='//fonts.example/css' rel="stylesheet">"#;
        assert_eq!(
            external_resources(html),
            vec![r#"<link href="//fonts.example/css">"#]
        );
    }

    #[test]
    fn style_import_is_reported() {
        let html = "<style>@import url(https://fonts.example/a.css);</style>";
        assert_eq!(external_resources(html).len(), 1);
    }

    #[test]
    fn inline_script_and_anchor_links_are_allowed() {
        let html = r#"<script>var s = "<img src='https://x.example/a.png'>";</script>
            <a href="https://docs.example/page">source</a><img src="data:image/png;base64,AA">"#;
        assert!(
            external_resources(html).is_empty(),
            "{:?}",
            external_resources(html)
        );
    }

    #[test]
    fn data_src_attribute_is_not_src() {
        let html = r#"<img data-src="https://x.example/a.png" src="local.png">"#;
        assert!(external_resources(html).is_empty());
    }

    #[test]
    fn inline_replaces_cdn_tag_with_local_bundle() {
        let prefix = std::env::temp_dir().join(format!("xtask-redoc-{}", std::process::id()));
        let bundles = prefix.join("node_modules/redoc/bundles");
        std::fs::create_dir_all(&bundles).unwrap();
        std::fs::write(
            prefix.join("node_modules/redoc/package.json"),
            r#"{"version":"2.5.3"}"#,
        )
        .unwrap();
        std::fs::write(
            bundles.join("redoc.standalone.js"),
            "var Redoc={};\n//# sourceMappingURL=x.map",
        )
        .unwrap();
        let html =
            format!("<head>{CDN_SCRIPT_PREFIX}2.5.3{CDN_SCRIPT_SUFFIX}<style></style></head>");

        let (page, version) = inline_redoc_bundle(&html, &prefix).expect("inlines");
        std::fs::remove_dir_all(&prefix).unwrap();

        assert_eq!(version, "2.5.3");
        assert_eq!(
            page,
            "<head><script>\nvar Redoc={};\n</script><style></style></head>"
        );
    }

    #[test]
    fn inline_rejects_version_mismatch() {
        let prefix =
            std::env::temp_dir().join(format!("xtask-redoc-mismatch-{}", std::process::id()));
        std::fs::create_dir_all(prefix.join("node_modules/redoc")).unwrap();
        std::fs::write(
            prefix.join("node_modules/redoc/package.json"),
            r#"{"version":"2.4.0"}"#,
        )
        .unwrap();
        let html = format!("{CDN_SCRIPT_PREFIX}2.5.3{CDN_SCRIPT_SUFFIX}");

        let error = inline_redoc_bundle(&html, &prefix).unwrap_err();
        std::fs::remove_dir_all(&prefix).unwrap();

        assert!(error.to_string().contains("Redoc 2.5.3"), "{error}");
        assert!(error.to_string().contains("Redoc 2.4.0"), "{error}");
    }
}
