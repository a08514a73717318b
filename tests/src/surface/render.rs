//! Prints syn types, attributes and literals in the short form the surface listing uses.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn3::{Attribute, Expr, GenericArgument, Lit, Pat, PathArguments, Type};

/// Crates whose paths are printed with their last segment only (`::std::string::String` is
/// printed `String`).
const STANDARD_CRATES: [&str; 3] = ["std", "core", "alloc"];

/// Prints a type without leading `::`, with standard library paths cut to their last segment
/// and `crate::`/`super::` removed, so `::std::option::Option<crate::money::Amount>` prints as
/// `Option<money::Amount>`.
pub fn type_text(ty: &Type) -> String {
    match ty {
        Type::Path(path) if path.qself.is_none() => path_text(&path.path),
        Type::Reference(reference) => {
            let lifetime = reference
                .lifetime
                .as_ref()
                .map(|lifetime| format!("{lifetime} "))
                .unwrap_or_default();
            let mutability = if reference.mutability.is_some() {
                "mut "
            } else {
                ""
            };
            format!("&{lifetime}{mutability}{}", type_text(&reference.elem))
        }
        Type::Tuple(tuple) => {
            let items: Vec<String> = tuple.elems.iter().map(type_text).collect();
            format!("({})", items.join(", "))
        }
        Type::Slice(slice) => format!("[{}]", type_text(&slice.elem)),
        Type::Paren(paren) => type_text(&paren.elem),
        other => tokens_text(&other.to_token_stream()),
    }
}

/// Prints a path the way [`type_text`] prints a path type.
pub fn path_text(path: &syn3::Path) -> String {
    let mut segments: Vec<&syn3::PathSegment> = path.segments.iter().collect();
    let first = segments
        .first()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default();
    if STANDARD_CRATES.contains(&first.as_str()) && segments.len() > 1 {
        segments.drain(..segments.len() - 1);
    } else if matches!(first.as_str(), "crate" | "super") && segments.len() > 1 {
        segments.remove(0);
    }

    let mut out = Vec::new();
    for segment in segments {
        let mut text = segment.ident.to_string();
        if let PathArguments::AngleBracketed(arguments) = &segment.arguments {
            let items: Vec<String> = arguments.args.iter().map(argument_text).collect();
            text.push_str(&format!("<{}>", items.join(", ")));
        }
        out.push(text);
    }
    out.join("::")
}

fn argument_text(argument: &GenericArgument) -> String {
    match argument {
        GenericArgument::Type(ty) => type_text(ty),
        GenericArgument::Lifetime(lifetime) => lifetime.to_string(),
        other => tokens_text(&other.to_token_stream()),
    }
}

/// Prints tokens with the spaces that `TokenStream::to_string` puts around punctuation removed
/// where Rust code would not have them.
pub fn tokens_text(tokens: &TokenStream) -> String {
    tokens
        .to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& '", "&'")
}

/// Returns the string value of a string literal expression.
pub fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(literal) => match &literal.lit {
            Lit::Str(text) => Some(text.value()),
            _ => None,
        },
        Expr::Reference(reference) => string_literal(&reference.expr),
        Expr::Group(group) => string_literal(&group.expr),
        _ => None,
    }
}

/// Prints a literal expression (string, boolean, integer) without quotes or suffix.
pub fn literal_text(expr: &Expr) -> String {
    match expr {
        Expr::Lit(literal) => match &literal.lit {
            Lit::Str(text) => text.value(),
            Lit::Bool(value) => value.value.to_string(),
            Lit::Int(value) => value.base10_digits().to_string(),
            other => tokens_text(&other.to_token_stream()),
        },
        other => tokens_text(&other.to_token_stream()),
    }
}

/// Prints a match arm pattern over status codes: `200`, `500..=599` or `_`.
pub fn status_pattern_text(pattern: &Pat) -> String {
    match pattern {
        Pat::Lit(literal) => literal_text(&Expr::Lit(literal.clone())),
        Pat::Range(range) => {
            let start = range.start.as_deref().map(literal_text).unwrap_or_default();
            let end = range.end.as_deref().map(literal_text).unwrap_or_default();
            let limits = tokens_text(&range.limits.to_token_stream());
            format!("{start}{limits}{end}")
        }
        other => tokens_text(&other.to_token_stream()),
    }
}

/// Returns the derive names of an item, sorted: `Clone Debug Deserialize ...`.
pub fn derives(attributes: &[Attribute]) -> Vec<String> {
    let mut names = Vec::new();
    for attribute in attributes.iter().filter(|a| a.path().is_ident("derive")) {
        let parsed = attribute.parse_args_with(
            syn3::punctuated::Punctuated::<syn3::Path, syn3::Token![,]>::parse_terminated,
        );
        for path in parsed.into_iter().flatten() {
            if let Some(last) = path.segments.last() {
                names.push(last.ident.to_string());
            }
        }
    }
    names.sort();
    names
}

/// The `#[serde(...)]` settings the listing shows.
#[derive(Debug, Default)]
pub struct SerdeAttributes {
    /// `rename = "..."`.
    pub rename: Option<String>,
    /// Flags without a value or whose value is not shown: `default`, `flatten`, `transparent`,
    /// `untagged`, `deny_unknown_fields`, and `tag = ".."`/`content = ".."` as `tag=..`.
    pub flags: Vec<String>,
}

/// Reads the `#[serde(...)]` attributes of an item, field or variant.
pub fn serde_attributes(attributes: &[Attribute]) -> SerdeAttributes {
    let mut found = SerdeAttributes::default();
    for attribute in attributes.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attribute.parse_nested_meta(|meta| {
            let name = meta
                .path
                .get_ident()
                .map(|ident| ident.to_string())
                .unwrap_or_default();
            if meta.input.peek(syn3::Token![=]) {
                let value: Expr = meta.value()?.parse()?;
                let text = string_literal(&value).unwrap_or_else(|| literal_text(&value));
                match name.as_str() {
                    "rename" => found.rename = Some(text),
                    "tag" | "content" | "with" | "deserialize_with" | "serialize_with" => {
                        found.flags.push(format!("{name}={text}"));
                    }
                    _ => {}
                }
                return Ok(());
            }
            if matches!(
                name.as_str(),
                "default" | "flatten" | "transparent" | "untagged" | "deny_unknown_fields"
            ) {
                found.flags.push(name);
            }
            Ok(())
        });
    }
    found
}

/// Returns every identifier in `tokens`, in order, looking inside groups.
pub fn identifiers(tokens: TokenStream) -> Vec<String> {
    let mut found = Vec::new();
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => found.push(ident.to_string()),
            TokenTree::Group(group) => found.extend(identifiers(group.stream())),
            _ => {}
        }
    }
    found
}
