//! Emits open enums for the spec's string enums.
//!
//! typify would generate closed enums, and one unknown status from the server would then fail
//! a whole response. Each enum schema (a `type: string` schema with `enum`, or with the
//! `x-p100-known-values` extension for open code lists such as currencies) becomes a Rust enum
//! with one variant per documented value plus `Unknown(String)`. Parsing ignores ASCII case,
//! because P100 prints some values in both cases (`COMPLETED` and `completed`).

use anyhow::{Result, bail};
use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, ReferenceOr, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Extension listing the known values of an open code list that the spec keeps as a plain string.
pub const KNOWN_VALUES_EXTENSION: &str = "x-p100-known-values";

/// One string enum of the spec.
pub struct OpenEnum {
    pub name: String,
    pub description: Option<String>,
    pub values: Vec<String>,
}

/// Collects every component schema that becomes an open enum, sorted by name.
pub fn collect(spec: &OpenAPI) -> Result<Vec<OpenEnum>> {
    let mut enums = Vec::new();
    let Some(components) = spec.components.as_ref() else {
        return Ok(enums);
    };
    for (name, schema) in components.schemas.iter() {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
            continue;
        };

        let mut values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
        if values.is_empty()
            && let Some(known) = schema.schema_data.extensions.get(KNOWN_VALUES_EXTENSION)
        {
            let Some(list) = known.as_array() else {
                bail!("schema {name}: {KNOWN_VALUES_EXTENSION} must be a list of strings");
            };
            for value in list {
                let Some(value) = value.as_str() else {
                    bail!(
                        "schema {name}: {KNOWN_VALUES_EXTENSION} contains a non-string value {value}"
                    );
                };
                values.push(value.to_string());
            }
        }
        if values.is_empty() {
            continue;
        }
        check_variants(name, &values)?;
        enums.push(OpenEnum {
            name: name.clone(),
            description: schema.schema_data.description.clone(),
            values,
        });
    }
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(enums)
}

fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
}

fn check_variants(schema: &str, values: &[String]) -> Result<()> {
    let mut seen = std::collections::BTreeMap::new();
    for value in values {
        let variant = variant_name(value);
        if variant.is_empty() {
            bail!("schema {schema}: enum value {value:?} gives no Rust variant name");
        }
        if variant == "Unknown" {
            bail!(
                "schema {schema}: enum value {value:?} clashes with the Unknown(String) fallback"
            );
        }
        if let Some(other) = seen.insert(variant.to_ascii_lowercase(), value.clone()) {
            if other.eq_ignore_ascii_case(value) {
                bail!(
                    "schema {schema}: enum values {other:?} and {value:?} differ only in case; \
                     keep one and mention the other in the description"
                );
            }
            bail!("schema {schema}: enum values {other:?} and {value:?} map to the same variant");
        }
    }
    Ok(())
}

/// Emits the `enums` module with every open enum.
pub fn emit(enums: &[OpenEnum]) -> TokenStream {
    let items = enums.iter().map(emit_one);
    quote! {
        /// Open enums for the spec's string enums: each documented value is a variant, and any
        /// other value is kept in `Unknown` instead of failing the response.
        pub mod enums {
            #(#items)*
        }
    }
}

fn emit_one(item: &OpenEnum) -> TokenStream {
    let name = format_ident!("{}", item.name);
    let variants: Vec<_> = item
        .values
        .iter()
        .map(|v| format_ident!("{}", variant_name(v)))
        .collect();
    let values = &item.values;
    let doc = match &item.description {
        Some(description) => description.trim().to_string(),
        None => format!("Values of `{}` in the P100 spec.", item.name),
    };
    let variant_docs = values.iter().map(|v| format!("`{v}`"));
    let known = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let schema_doc = format!("Known values: {known}. Other values are accepted.");
    let name_string = item.name.clone();
    let visitor = format_ident!("{}Visitor", item.name);
    let expecting = format!("a {} string", item.name);

    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value this version of the spec does not list, kept as received.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every documented value, in the spelling the spec gives.
            pub const KNOWN_VALUES: &'static [&'static str] = &[#(#values),*];

            /// Returns the wire value: the spec's spelling, or the received text for `Unknown`.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Returns true when the value is not one the spec documents.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                #(
                    if value.eq_ignore_ascii_case(#values) {
                        return Ok(Self::#variants);
                    }
                )*
                Ok(Self::Unknown(value.to_string()))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value.parse() {
                    Ok(parsed) => parsed,
                    Err(never) => match never {},
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                deserializer.deserialize_str(#visitor)
            }
        }

        /// Reads the wire text without copying it, so only `Unknown` allocates.
        struct #visitor;

        impl ::serde::de::Visitor<'_> for #visitor {
            type Value = #name;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#expecting)
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#name, E> {
                Ok(#name::from(value))
            }

            fn visit_borrowed_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#name, E> {
                Ok(#name::from(value))
            }

            fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<#name, E> {
                // An unknown value keeps the received `String` instead of copying it.
                Ok(match #name::from(value.as_str()) {
                    #name::Unknown(_) => #name::Unknown(value),
                    known => known,
                })
            }
        }

        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::string::String {
                #name_string.to_string()
            }

            fn json_schema(_: &mut ::schemars::r#gen::SchemaGenerator) -> ::schemars::schema::Schema {
                ::schemars::schema::SchemaObject {
                    instance_type: Some(::schemars::schema::InstanceType::String.into()),
                    metadata: Some(Box::new(::schemars::schema::Metadata {
                        description: Some(#schema_doc.to_string()),
                        ..Default::default()
                    })),
                    ..Default::default()
                }
                .into()
            }
        }
    }
}
