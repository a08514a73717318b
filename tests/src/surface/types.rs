//! Lists the data items of the generated client: `pub mod types`, the open enums of
//! `pub mod enums`, and the `OPERATIONS` and `WEBHOOKS` tables.

use anyhow::{Context, Result, bail};
use syn3::{Expr, Fields, ImplItem, Item, ItemEnum, ItemStruct, Type};

use super::render::{
    derives, literal_text, serde_attributes, string_literal, tokens_text, type_text,
};
use quote::ToTokens;

/// Modules inside `types` that hold helpers rather than API types.
const HELPER_MODULES: [&str; 2] = ["builder", "error"];

/// Writes every struct, enum and type alias of `pub mod types`, in file order.
pub fn write_types(file: &syn3::File, out: &mut String) -> Result<()> {
    let items = module_items(&file.items, "types")?;
    let count = items
        .iter()
        .filter(|item| matches!(item, Item::Struct(_) | Item::Enum(_) | Item::Type(_)))
        .count();
    out.push_str(&format!("## types ({count})\n"));

    for item in items {
        match item {
            Item::Struct(structure) => write_struct(structure, out),
            Item::Enum(enumeration) => write_enum(enumeration, out),
            Item::Type(alias) => {
                out.push('\n');
                out.push_str(&format!(
                    "type {} = {}\n",
                    alias.ident,
                    type_text(&alias.ty)
                ));
            }
            Item::Mod(module) if HELPER_MODULES.contains(&module.ident.to_string().as_str()) => {}
            Item::Mod(module) => bail!("unexpected module types::{}", module.ident),
            _ => {}
        }
    }
    Ok(())
}

fn write_struct(structure: &ItemStruct, out: &mut String) {
    let serde = serde_attributes(&structure.attrs);
    let mut header = format!("struct {}", structure.ident);
    if let Fields::Unnamed(fields) = &structure.fields {
        let items: Vec<String> = fields.unnamed.iter().map(|f| type_text(&f.ty)).collect();
        header.push_str(&format!("({})", items.join(", ")));
    }
    out.push('\n');
    out.push_str(&item_header(header, &structure.attrs, &serde.flags));
    if let Fields::Named(fields) = &structure.fields {
        for field in &fields.named {
            out.push_str(&field_line(field));
        }
    }
}

fn write_enum(enumeration: &ItemEnum, out: &mut String) {
    let serde = serde_attributes(&enumeration.attrs);
    out.push('\n');
    out.push_str(&item_header(
        format!("enum {}", enumeration.ident),
        &enumeration.attrs,
        &serde.flags,
    ));
    for variant in &enumeration.variants {
        let variant_serde = serde_attributes(&variant.attrs);
        let mut line = format!("  {}", variant.ident);
        match &variant.fields {
            Fields::Unnamed(fields) => {
                let items: Vec<String> = fields.unnamed.iter().map(|f| type_text(&f.ty)).collect();
                line.push_str(&format!("({})", items.join(", ")));
            }
            Fields::Named(fields) => {
                let items: Vec<String> = fields
                    .named
                    .iter()
                    .map(|f| field_line(f).trim().to_string())
                    .collect();
                line.push_str(&format!(" {{ {} }}", items.join(", ")));
            }
            Fields::Unit => {}
        }
        if let Some(rename) = variant_serde.rename {
            line.push_str(&format!(" = {rename:?}"));
        }
        out.push_str(&line);
        out.push('\n');
    }
}

fn item_header(mut header: String, attributes: &[syn3::Attribute], flags: &[String]) -> String {
    header.push_str(&format!(" [{}]", derives(attributes).join(", ")));
    if !flags.is_empty() {
        header.push_str(&format!(" serde({})", flags.join(", ")));
    }
    header.push('\n');
    header
}

/// Prints `  wire (rust): Type [flags]`, or `  rust: Type` when the names match.
fn field_line(field: &syn3::Field) -> String {
    let serde = serde_attributes(&field.attrs);
    let name = field
        .ident
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let label = match serde.rename {
        Some(wire) if wire != name => format!("{wire} ({name})"),
        _ => name,
    };
    let mut line = format!("  {label}: {}", type_text(&field.ty));
    if !serde.flags.is_empty() {
        line.push_str(&format!(" [{}]", serde.flags.join(", ")));
    }
    line.push('\n');
    line
}

/// Writes each open enum of `pub mod enums` with its variants and wire values.
pub fn write_open_enums(file: &syn3::File, out: &mut String) -> Result<()> {
    let items = module_items(&file.items, "enums")?;
    let enums: Vec<&ItemEnum> = items
        .iter()
        .filter_map(|item| match item {
            Item::Enum(enumeration) => Some(enumeration),
            _ => None,
        })
        .collect();
    out.push_str(&format!("## enums ({})\n", enums.len()));

    for enumeration in enums {
        let name = enumeration.ident.to_string();
        let values = known_values(items, &name)
            .with_context(|| format!("enums::{name} has no KNOWN_VALUES constant"))?;
        out.push('\n');
        out.push_str(&format!("enum {name}\n"));
        let mut values = values.into_iter();
        for variant in &enumeration.variants {
            let line = match &variant.fields {
                Fields::Unit => {
                    let value = values.next().unwrap_or_else(|| "<no value>".into());
                    format!("  {} = {value:?}", variant.ident)
                }
                Fields::Unnamed(fields) => {
                    let items: Vec<String> =
                        fields.unnamed.iter().map(|f| type_text(&f.ty)).collect();
                    format!("  {}({})", variant.ident, items.join(", "))
                }
                Fields::Named(_) => format!("  {} {{ .. }}", variant.ident),
            };
            out.push_str(&line);
            out.push('\n');
        }
        let extra: Vec<String> = values.collect();
        if !extra.is_empty() {
            bail!("enums::{name} lists values without variants: {extra:?}");
        }
    }
    Ok(())
}

/// Reads `const KNOWN_VALUES: &[&str] = &[...]` from the inherent impl of enum `name`.
fn known_values(items: &[Item], name: &str) -> Option<Vec<String>> {
    for item in items {
        let Item::Impl(implementation) = item else {
            continue;
        };
        if implementation.trait_.is_some() {
            continue;
        }
        let Type::Path(path) = implementation.self_ty.as_ref() else {
            continue;
        };
        if !path.path.is_ident(name) {
            continue;
        }
        for item in &implementation.items {
            let ImplItem::Const(constant) = item else {
                continue;
            };
            if constant.ident != "KNOWN_VALUES" {
                continue;
            }
            let Expr::Reference(reference) = &constant.expr else {
                return None;
            };
            let Expr::Array(array) = reference.expr.as_ref() else {
                return None;
            };
            return array.elems.iter().map(string_literal).collect();
        }
    }
    None
}

/// Writes one line per entry of the constant table `constant` in `pub mod module`: the first
/// field's value, then `field=value` for the others.
pub fn write_table(
    file: &syn3::File,
    module: &str,
    constant: &str,
    out: &mut String,
) -> Result<()> {
    let items = module_items(&file.items, module)?;
    let table = items
        .iter()
        .find_map(|item| match item {
            Item::Const(item) if item.ident == constant => Some(item),
            _ => None,
        })
        .with_context(|| format!("{module} has no constant {constant}"))?;
    let Expr::Reference(reference) = table.expr.as_ref() else {
        bail!("{module}::{constant} is not a reference to an array");
    };
    let Expr::Array(rows) = reference.expr.as_ref() else {
        bail!("{module}::{constant} is not a reference to an array");
    };

    out.push_str(&format!(
        "## {module}::{constant} ({})\n\n",
        rows.elems.len()
    ));
    for row in &rows.elems {
        let Expr::Struct(row) = row else {
            bail!("{module}::{constant} has an entry that is not a struct literal");
        };
        let mut fields = row.fields.iter();
        let mut line = fields
            .next()
            .map(|f| literal_text(&f.expr))
            .unwrap_or_default();
        for field in fields {
            let member = tokens_text(&field.member.to_token_stream());
            line.push_str(&format!(" {member}={}", literal_text(&field.expr)));
        }
        out.push_str(&line);
        out.push('\n');
    }
    Ok(())
}

/// Returns the items of the top-level inline module `name`.
fn module_items<'a>(items: &'a [Item], name: &str) -> Result<&'a [Item]> {
    items
        .iter()
        .find_map(|item| match item {
            Item::Mod(module) if module.ident == name => {
                module.content.as_ref().map(|(_, items)| items.as_slice())
            }
            _ => None,
        })
        .with_context(|| format!("generated.rs has no top-level `pub mod {name}`"))
}
