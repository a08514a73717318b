//! Lists the client's operations: each `Client` method that returns a builder, and what the
//! builder's `send` does (HTTP method, path, parameters, body, success and error types).

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};
use quote::ToTokens;
use syn3::visit::Visit;
use syn3::{Expr, ImplItem, Item, ItemImpl, ItemStruct, ReturnType, Type, Visibility};

use super::render::{identifiers, status_pattern_text, string_literal, tokens_text, type_text};

/// Builder methods that are not parameters.
const NON_PARAMETER_METHODS: [&str; 4] = ["new", "send", "body", "body_map"];

/// Identifiers in the path arguments of `format!` that are not parameter names.
const PATH_HELPERS: [&str; 4] = ["encode_path", "to_string", "client", "baseurl"];

/// Writes one block per operation, in the order of the `impl Client` methods.
pub fn write(file: &syn3::File, out: &mut String) -> Result<()> {
    let builders = builder_items(file)?;
    let methods = client_methods(file);
    out.push_str(&format!("## operations ({})\n", methods.len()));

    for (method, builder) in methods {
        let Some((structure, implementation)) = builders.get(&builder) else {
            bail!("Client::{method} returns builder::{builder}, which the builder module lacks");
        };
        out.push('\n');
        out.push_str(&format!("{method} -> builder::{builder}\n"));
        write_builder(structure, implementation, out)
            .with_context(|| format!("failed to list builder::{builder}"))?;
    }
    Ok(())
}

/// Returns `(method name, builder name)` for every `pub fn` of an inherent `impl Client` that
/// returns `builder::X`.
pub fn client_methods(file: &syn3::File) -> Vec<(String, String)> {
    let mut methods = Vec::new();
    for item in &file.items {
        let Item::Impl(implementation) = item else {
            continue;
        };
        if implementation.trait_.is_some() || !is_named(&implementation.self_ty, "Client") {
            continue;
        }
        for item in &implementation.items {
            let ImplItem::Fn(function) = item else {
                continue;
            };
            if !matches!(function.vis, Visibility::Public(_)) {
                continue;
            }
            let ReturnType::Type(_, output) = &function.sig.output else {
                continue;
            };
            let Type::Path(path) = output.as_ref() else {
                continue;
            };
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if let [module, builder] = segments.as_slice()
                && module == "builder"
            {
                methods.push((function.sig.ident.to_string(), builder.clone()));
            }
        }
    }
    methods
}

type BuilderItems<'a> = BTreeMap<String, (&'a ItemStruct, &'a ItemImpl)>;

/// Finds every struct of `pub mod builder` with its inherent impl, by name.
fn builder_items(file: &syn3::File) -> Result<BuilderItems<'_>> {
    let module = file
        .items
        .iter()
        .find_map(|item| match item {
            Item::Mod(module) if module.ident == "builder" => module.content.as_ref(),
            _ => None,
        })
        .context("generated.rs has no top-level `pub mod builder`")?;

    let mut structures = BTreeMap::new();
    let mut implementations = BTreeMap::new();
    for item in &module.1 {
        match item {
            Item::Struct(structure) => {
                structures.insert(structure.ident.to_string(), structure);
            }
            Item::Impl(implementation) if implementation.trait_.is_none() => {
                if let Type::Path(path) = implementation.self_ty.as_ref()
                    && let Some(last) = path.path.segments.last()
                {
                    implementations.insert(last.ident.to_string(), implementation);
                }
            }
            _ => {}
        }
    }
    let mut items = BTreeMap::new();
    for (name, structure) in structures {
        if let Some(implementation) = implementations.get(&name) {
            items.insert(name, (structure, *implementation));
        }
    }
    Ok(items)
}

fn write_builder(
    structure: &ItemStruct,
    implementation: &ItemImpl,
    out: &mut String,
) -> Result<()> {
    let send = implementation
        .items
        .iter()
        .find_map(|item| match item {
            ImplItem::Fn(function) if function.sig.ident == "send" => Some(function),
            _ => None,
        })
        .context("the builder has no send method")?;
    let mut facts = SendFacts::default();
    facts.visit_block(&send.block);

    let http_method = facts
        .http_method
        .as_deref()
        .context("send builds no request")?;
    let path = facts.path().context("send formats no URL")?;
    out.push_str(&format!("  {http_method} {path}\n"));

    let setters = setter_names(implementation);
    for field in structure.fields.iter() {
        let Some(name) = field.ident.as_ref().map(ToString::to_string) else {
            continue;
        };
        if name == "client" {
            continue;
        }
        let ty = field_value_type(&field.ty);
        if name == "body" {
            let body = ty.replace("types::builder::", "types::");
            let encoding = facts.body_encoding.as_deref().unwrap_or("unknown encoding");
            out.push_str(&format!("  body: {body} ({encoding})\n"));
            continue;
        }
        let kind = facts.parameter_kind(&name);
        let setter = if setters.contains(&name) {
            ""
        } else {
            " (no setter)"
        };
        out.push_str(&format!("  {kind}: {ty}{setter}\n"));
    }

    let ReturnType::Type(_, output) = &send.sig.output else {
        bail!("send returns nothing");
    };
    out.push_str(&format!("  returns {}\n", type_text(output)));
    out.push_str(&format!(
        "  statuses: ok {}; error {}\n",
        facts.success_statuses.join(" "),
        facts.error_statuses.join(" ")
    ));
    Ok(())
}

fn setter_names(implementation: &ItemImpl) -> Vec<String> {
    implementation
        .items
        .iter()
        .filter_map(|item| match item {
            ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
            _ => None,
        })
        .filter(|name| !NON_PARAMETER_METHODS.contains(&name.as_str()))
        .collect()
}

/// Returns `T` for a builder field of type `Result<T, String>`, else the whole type.
fn field_value_type(ty: &Type) -> String {
    if let Type::Path(path) = ty
        && let Some(last) = path.path.segments.last()
        && last.ident == "Result"
        && let syn3::PathArguments::AngleBracketed(arguments) = &last.arguments
        && let Some(syn3::GenericArgument::Type(inner)) = arguments.args.first()
    {
        return type_text(inner);
    }
    type_text(ty)
}

fn is_named(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(path) if path.path.is_ident(name))
}

/// What the body of a builder's `send` method does, gathered by walking its syntax.
#[derive(Default)]
struct SendFacts {
    http_method: Option<String>,
    url_template: Option<String>,
    path_parameters: Vec<String>,
    /// Rust name of each query parameter, with its wire name.
    query_parameters: BTreeMap<String, String>,
    header_parameters: BTreeMap<String, String>,
    body_encoding: Option<String>,
    success_statuses: Vec<String>,
    error_statuses: Vec<String>,
}

impl SendFacts {
    /// Returns the path with each `{}` replaced by `{parameter}`, without the base URL.
    fn path(&self) -> Option<String> {
        let template = self.url_template.as_deref()?.strip_prefix("{}")?;
        let mut pieces = template.split("{}");
        let mut path = pieces.next().unwrap_or_default().to_string();
        for (index, piece) in pieces.enumerate() {
            let name = self
                .path_parameters
                .get(index)
                .map(String::as_str)
                .unwrap_or("?");
            path.push_str(&format!("{{{name}}}{piece}"));
        }
        Some(path)
    }

    fn parameter_kind(&self, name: &str) -> String {
        if self.path_parameters.iter().any(|p| p == name) {
            return format!("path {name}");
        }
        if let Some(wire) = self.query_parameters.get(name) {
            return renamed("query", name, wire);
        }
        if let Some(wire) = self.header_parameters.get(name) {
            return renamed("header", name, wire);
        }
        format!("parameter {name}")
    }
}

fn renamed(kind: &str, name: &str, wire: &str) -> String {
    if wire == name {
        format!("{kind} {name}")
    } else {
        format!("{kind} {name} ({wire})")
    }
}

impl<'ast> Visit<'ast> for SendFacts {
    fn visit_expr_method_call(&mut self, call: &'ast syn3::ExprMethodCall) {
        let method = call.method.to_string();
        let on_http_client = matches!(
            call.receiver.as_ref(),
            Expr::Field(field) if tokens_text(&field.member.to_token_stream()) == "client"
        );
        match method.as_str() {
            "get" | "put" | "post" | "delete" | "patch" | "head" | "options" if on_http_client => {
                self.http_method = Some(method.to_uppercase());
            }
            "json" => self.body_encoding = Some("json".into()),
            "form_urlencoded" => self.body_encoding = Some("form".into()),
            "body" => self.body_encoding = Some("raw".into()),
            "append" | "insert" => self.record_header(call),
            _ => {}
        }
        syn3::visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn3::ExprCall) {
        let function = tokens_text(&call.func.to_token_stream());
        if function.ends_with("QueryParam::new")
            && let (Some(wire), Some(value)) = (call.args.first(), call.args.get(1))
            && let Some(wire) = string_literal(wire)
            && let Some(name) = identifiers(value.to_token_stream()).into_iter().next()
        {
            self.query_parameters.insert(name, wire);
        }
        syn3::visit::visit_expr_call(self, call);
    }

    fn visit_expr_macro(&mut self, expression: &'ast syn3::ExprMacro) {
        if expression.mac.path.is_ident("format") {
            let arguments = expression.mac.parse_body_with(
                syn3::punctuated::Punctuated::<Expr, syn3::Token![,]>::parse_terminated,
            );
            if let Ok(arguments) = arguments {
                self.record_url(arguments.iter().collect());
            }
        }
        syn3::visit::visit_expr_macro(self, expression);
    }

    fn visit_expr_match(&mut self, expression: &'ast syn3::ExprMatch) {
        let scrutinee = tokens_text(&expression.expr.to_token_stream());
        if scrutinee.contains("status") {
            for arm in &expression.arms {
                let body = tokens_text(&arm.body.to_token_stream());
                let status = status_pattern_text(&arm.pat);
                if body.contains("ErrorResponse") {
                    self.error_statuses.push(status);
                } else if !body.contains("UnexpectedResponse") {
                    self.success_statuses.push(status);
                }
            }
        }
        syn3::visit::visit_expr_match(self, expression);
    }
}

impl SendFacts {
    fn record_url(&mut self, arguments: Vec<&Expr>) {
        let Some(template) = arguments.first().and_then(|first| string_literal(first)) else {
            return;
        };
        if !template.starts_with("{}/") || self.url_template.is_some() {
            return;
        }
        self.url_template = Some(template);
        for argument in arguments.iter().skip(2) {
            let name = identifiers(argument.to_token_stream())
                .into_iter()
                .find(|ident| !PATH_HELPERS.contains(&ident.as_str()));
            self.path_parameters
                .push(name.unwrap_or_else(|| "?".into()));
        }
    }

    /// Records `header_map.append(HeaderName::from_static("name"), value)` for every header
    /// except `api-version`, which every operation sends.
    fn record_header(&mut self, call: &syn3::ExprMethodCall) {
        let Some(Expr::Call(name_call)) = call.args.first() else {
            return;
        };
        if !tokens_text(&name_call.func.to_token_stream()).ends_with("HeaderName::from_static") {
            return;
        }
        let Some(wire) = name_call.args.first().and_then(string_literal) else {
            return;
        };
        if wire == "api-version" {
            return;
        }
        let value = call
            .args
            .get(1)
            .map(|value| identifiers(value.to_token_stream()));
        let name = value
            .and_then(|idents| idents.into_iter().next())
            .unwrap_or_else(|| wire.clone());
        self.header_parameters.insert(name, wire);
    }
}
