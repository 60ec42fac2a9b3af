//! `#[derive(Decode)]` and `#[derive(Emit)]` for the fenxiao engine's JSON types.
//!
//! A type's JSON shape is declared once, in the `#[serde(...)]` attributes that the JSON
//! Schema (docs/schema.json) is generated from; these derives read the same attributes, so
//! the schema, the decoder and the writer cannot disagree on a name, on which fields are
//! required, or on when a field is left out of an answer.
//!
//! What is read, and what it means here (as in serde):
//!
//! | attribute | `Decode` | `Emit` |
//! |---|---|---|
//! | container `rename_all = "…"` | field and variant names | the same |
//! | container `deny_unknown_fields` | unknown fields refused; absent: ignored | — |
//! | container `default` | a missing field takes `Self::default()`'s (an `Option` one: `None`) | — |
//! | field `rename = "…"` | the field's name | the same |
//! | field `default` | missing → `Default::default()` | — |
//! | field `default = "path"` | missing → `path()` | — |
//! | field of type `Option<…>` | absent or `null` → `None` | — |
//! | field `skip_serializing_if = "path"` | — | written only when `!path(&field)` |
//! | field `flatten` | refused | the inner record's fields written into this one |
//! | variant `rename = "…"` | the variant's name | the same |
//!
//! Any other serde attribute is refused at compile time rather than silently ignored: the
//! schema would follow it and the hand-written code would not.
//!
//! The generated code names the engine's plumbing by `crate::io::…`: these derives are for
//! the engine's own types. A record's decoder is a table of its field names walked by the
//! engine's one generic `Record` reader, plus one short call per field by position; no
//! per-field lookup code is generated. `Decode` also gets `scan`, the straight reading of a
//! record from its text (`crate::io::scan`): one closure that reads each key's value into its
//! field, then what a missing field takes by the same attributes; it gives up at anything
//! `decode` would report, so the two never disagree. A record's writer is one call per field. A type with
//! a lifetime parameter (`OrderDoc<'a>`) is decoded from text of that lifetime, so its
//! `Cow<'a, str>` fields borrow their strings from the document; any other type implements
//! `Decode<'j>` for every `'j`.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{
    parse_macro_input, Data, DeriveInput, Error, Fields, Ident, LitStr, Result, Type, Variant,
};

/// Reads a record (a struct with named fields) from a JSON object, or a unit enum from its
/// JSON name, reporting every problem at its path (`crate::io::decode::Decode`).
#[proc_macro_derive(Decode, attributes(serde))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, decode_struct, decode_enum)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

/// Writes a record as a JSON object (`crate::io::emit::Emit` and `Fields`), or a unit enum
/// as its JSON name (`Emit` and `crate::io::emit::Named`, the name table both ways).
#[proc_macro_derive(Emit, attributes(serde))]
pub fn derive_emit(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, emit_struct, emit_enum)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

type Expand = fn(&DeriveInput, &Container) -> Result<Tokens>;

fn expand(input: &DeriveInput, structs: Expand, enums: Expand) -> Result<Tokens> {
    let container = Container::read(input)?;
    match &input.data {
        Data::Struct(_) => structs(input, &container),
        Data::Enum(_) => enums(input, &container),
        Data::Union(_) => Err(Error::new_spanned(
            &input.ident,
            "unions have no JSON shape here",
        )),
    }
}

// ---------------------------------------------------------------------------------------
// Attributes

/// serde's `rename_all` rules.
#[derive(Clone, Copy)]
enum Case {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl Case {
    fn parse(s: &LitStr) -> Result<Case> {
        Ok(match s.value().as_str() {
            "lowercase" => Case::Lower,
            "UPPERCASE" => Case::Upper,
            "PascalCase" => Case::Pascal,
            "camelCase" => Case::Camel,
            "snake_case" => Case::Snake,
            "SCREAMING_SNAKE_CASE" => Case::ScreamingSnake,
            "kebab-case" => Case::Kebab,
            "SCREAMING-KEBAB-CASE" => Case::ScreamingKebab,
            _ => return Err(Error::new_spanned(s, "unknown rename_all rule")),
        })
    }

    /// A field's name (written in snake_case in Rust), as serde renames it.
    fn field(self, name: &str) -> String {
        match self {
            Case::Lower | Case::Snake => name.to_owned(),
            Case::Upper | Case::ScreamingSnake => name.to_ascii_uppercase(),
            Case::Pascal | Case::Camel => {
                let mut out = String::new();
                let mut upper = matches!(self, Case::Pascal);
                for c in name.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        out.push(c.to_ascii_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            Case::Kebab => name.replace('_', "-"),
            Case::ScreamingKebab => name.to_ascii_uppercase().replace('_', "-"),
        }
    }

    /// A variant's name (written in PascalCase in Rust), as serde renames it.
    fn variant(self, name: &str) -> String {
        match self {
            Case::Pascal => name.to_owned(),
            Case::Lower => name.to_ascii_lowercase(),
            Case::Upper => name.to_ascii_uppercase(),
            Case::Camel => {
                let mut chars = name.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            Case::Snake | Case::ScreamingSnake | Case::Kebab | Case::ScreamingKebab => {
                let mut snake = String::new();
                for (i, c) in name.char_indices() {
                    if i > 0 && c.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(c.to_ascii_lowercase());
                }
                match self {
                    Case::ScreamingSnake => snake.to_ascii_uppercase(),
                    Case::Kebab => snake.replace('_', "-"),
                    Case::ScreamingKebab => snake.to_ascii_uppercase().replace('_', "-"),
                    _ => snake,
                }
            }
        }
    }
}

/// What a field takes when it is missing.
enum Missing {
    /// Nothing: the field is required (unless its type is an `Option`).
    None,
    /// `Default::default()`.
    Trait,
    /// A function's value.
    Path(syn::ExprPath),
}

/// The container's attributes.
struct Container {
    rename_all: Option<Case>,
    deny_unknown_fields: bool,
    default: Missing,
}

/// A field's attributes.
struct FieldAttrs {
    rename: Option<String>,
    default: Missing,
    skip_serializing_if: Option<syn::ExprPath>,
    flatten: bool,
}

/// Calls `each` on every item of every `#[serde(...)]` attribute in `attrs`.
fn serde_items(
    attrs: &[syn::Attribute],
    mut each: impl FnMut(&syn::meta::ParseNestedMeta<'_>, &str) -> Result<()>,
) -> Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            each(&meta, &key)
        })?;
    }
    Ok(())
}

/// `= "path"` after an attribute key, as a path.
fn path_value(meta: &syn::meta::ParseNestedMeta<'_>) -> Result<syn::ExprPath> {
    let s: LitStr = meta.value()?.parse()?;
    s.parse()
}

/// `default` or `default = "path"`.
fn default_value(meta: &syn::meta::ParseNestedMeta<'_>) -> Result<Missing> {
    if meta.input.peek(syn::Token![=]) {
        Ok(Missing::Path(path_value(meta)?))
    } else {
        Ok(Missing::Trait)
    }
}

fn unsupported(meta: &syn::meta::ParseNestedMeta<'_>) -> Error {
    meta.error("this serde attribute is not read by fenxiao's derives; the decoder and writer would not follow it")
}

impl Container {
    fn read(input: &DeriveInput) -> Result<Container> {
        let mut c = Container {
            rename_all: None,
            deny_unknown_fields: false,
            default: Missing::None,
        };
        serde_items(&input.attrs, |meta, key| {
            match key {
                "rename_all" => c.rename_all = Some(Case::parse(&meta.value()?.parse()?)?),
                "deny_unknown_fields" => c.deny_unknown_fields = true,
                "default" => c.default = default_value(meta)?,
                _ => return Err(unsupported(meta)),
            }
            Ok(())
        })?;
        Ok(c)
    }
}

impl FieldAttrs {
    fn read(attrs: &[syn::Attribute]) -> Result<FieldAttrs> {
        let mut f = FieldAttrs {
            rename: None,
            default: Missing::None,
            skip_serializing_if: None,
            flatten: false,
        };
        serde_items(attrs, |meta, key| {
            match key {
                "rename" => f.rename = Some(meta.value()?.parse::<LitStr>()?.value()),
                "default" => f.default = default_value(meta)?,
                "skip_serializing_if" => f.skip_serializing_if = Some(path_value(meta)?),
                "flatten" => f.flatten = true,
                _ => return Err(unsupported(meta)),
            }
            Ok(())
        })?;
        Ok(f)
    }
}

/// A variant's JSON name.
fn variant_name(v: &Variant, c: &Container) -> Result<String> {
    let mut rename = None;
    serde_items(&v.attrs, |meta, key| {
        match key {
            "rename" => rename = Some(meta.value()?.parse::<LitStr>()?.value()),
            _ => return Err(unsupported(meta)),
        }
        Ok(())
    })?;
    let ident = v.ident.to_string();
    Ok(rename.unwrap_or_else(|| {
        c.rename_all
            .map_or_else(|| ident.clone(), |r| r.variant(&ident))
    }))
}

/// One named field of a struct, with its JSON name.
struct Field<'a> {
    ident: &'a Ident,
    ty: &'a Type,
    name: String,
    attrs: FieldAttrs,
}

fn fields<'a>(input: &'a DeriveInput, c: &Container) -> Result<Vec<Field<'a>>> {
    let named = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) => named,
            Fields::Unit => return Ok(Vec::new()),
            Fields::Unnamed(_) => {
                return Err(Error::new_spanned(
                    &input.ident,
                    "only structs with named fields have a JSON shape here",
                ))
            }
        },
        _ => return Ok(Vec::new()),
    };
    let mut out = Vec::new();
    for f in &named.named {
        let Some(ident) = &f.ident else { continue };
        let attrs = FieldAttrs::read(&f.attrs)?;
        let raw = ident.to_string();
        let raw = raw.strip_prefix("r#").unwrap_or(&raw);
        let name = attrs.rename.clone().unwrap_or_else(|| {
            c.rename_all
                .map_or_else(|| raw.to_owned(), |r| r.field(raw))
        });
        out.push(Field {
            ident,
            ty: &f.ty,
            name,
            attrs,
        });
    }
    Ok(out)
}

/// Whether `ty` is written `Option<…>`.
fn is_option(ty: &Type) -> bool {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().is_some_and(|s| s.ident == "Option")
        }
        _ => false,
    }
}

/// Whether `p` is `Option::is_none`, the test serde users write for an optional field.
fn is_option_is_none(p: &syn::ExprPath) -> bool {
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segs.ends_with(&["Option".to_owned(), "is_none".to_owned()])
}

/// The unit variants of an enum; any other kind is refused.
fn unit_variants<'a>(input: &'a DeriveInput, c: &Container) -> Result<Vec<(&'a Ident, String)>> {
    let Data::Enum(e) = &input.data else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for v in &e.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Err(Error::new_spanned(
                &v.ident,
                "only enums of unit variants are derived here (written as a name); write the others by hand",
            ));
        }
        out.push((&v.ident, variant_name(v, c)?));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Decode

fn decode_struct(input: &DeriveInput, c: &Container) -> Result<Tokens> {
    let fields = fields(input, c)?;
    let ty = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let names = fields.iter().map(|f| &f.name);
    let names2 = names.clone();
    let end = if c.deny_unknown_fields {
        format_ident!("finish")
    } else {
        format_ident!("ignore_rest")
    };
    let vars: Vec<Ident> = (0..fields.len())
        .map(|i| format_ident!("__f{}", i))
        .collect();
    let idents: Vec<&Ident> = fields.iter().map(|f| f.ident).collect();
    let mut takes = Vec::new();
    let mut scans = Vec::new();
    let mut finals = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        if f.attrs.flatten {
            return Err(Error::new_spanned(
                f.ident,
                "`flatten` is not read by the decoder",
            ));
        }
        let ident = f.ident;
        let take = match (&f.attrs.default, &c.default) {
            (Missing::Path(p), _) => quote!(r.or(#i, #p)),
            _ if is_option(f.ty) => quote!(r.opt(#i)),
            (Missing::Trait, _) => quote!(r.or_default(#i)),
            (Missing::None, Missing::Trait) => {
                quote!(r.or(#i, || <Self as ::core::default::Default>::default().#ident))
            }
            (Missing::None, Missing::Path(p)) => quote!(r.or(#i, || #p().#ident)),
            (Missing::None, Missing::None) => quote!(r.req(#i)),
        };
        takes.push(take);
        let v = format_ident!("__f{}", i);
        // The straight reading (`scan`): the value as read, then what a missing field takes.
        scans.push(if is_option(f.ty) {
            quote!(#v = ::core::option::Option::Some(crate::io::scan::optional(c)?))
        } else {
            quote!(#v = ::core::option::Option::Some(crate::io::decode::Decode::scan(c)?))
        });
        // What a missing field takes; `None` stays for a required one.
        finals.push(match (&f.attrs.default, &c.default) {
            (Missing::Path(p), _) => quote!(Some(match #v { Some(x) => x, None => #p() })),
            _ if is_option(f.ty) => quote!(Some(match #v { Some(x) => x, None => None })),
            (Missing::Trait, _) => quote!(Some(#v.unwrap_or_default())),
            (Missing::None, Missing::Trait) => quote!(Some(match #v {
                Some(x) => x,
                None => <Self as ::core::default::Default>::default().#ident,
            })),
            (Missing::None, Missing::Path(p)) => {
                quote!(Some(match #v { Some(x) => x, None => #p().#ident }))
            }
            (Missing::None, Missing::None) => quote!(#v),
        });
    }
    let positions = 0..fields.len();
    // A type with a lifetime keeps strings borrowed from the document's text for it; any
    // other type is read from a document of any lifetime.
    let text = match input.generics.lifetimes().next() {
        Some(l) => l.lifetime.clone(),
        None => syn::Lifetime::new("'__json", proc_macro2::Span::call_site()),
    };
    let impl_generics = if input.generics.lifetimes().next().is_some() {
        quote!(#impl_generics)
    } else {
        quote!(<#text>)
    };
    Ok(quote! {
        impl #impl_generics crate::io::decode::Decode<#text> for #ty #ty_generics #where_clause {
            fn decode(
                v: crate::io::json::Json<#text>,
                at: &crate::io::decode::Loc<'_>,
                errs: &mut crate::error::Errors,
            ) -> ::core::option::Option<Self> {
                let mut r = crate::io::decode::Record::open(v, at, errs, &[#(#names),*])?;
                #( let #vars = #takes; )*
                r.#end();
                // One match over every field: when any is missing, what was read is dropped
                // in one place rather than once per field that could be missing.
                match (#(#vars,)*) {
                    (#(::core::option::Option::Some(#vars),)*) => {
                        ::core::option::Option::Some(Self { #(#idents: #vars),* })
                    }
                    #[allow(unreachable_patterns)]
                    _ => ::core::option::Option::None,
                }
            }

            fn scan(c: &mut crate::io::scan::Cursor<#text>) -> ::core::option::Option<Self> {
                #( let mut #vars = ::core::option::Option::None; )*
                c.record(&[#(#names2),*], &mut |i, c| {
                    match i {
                        #( #positions => #scans, )*
                        _ => return ::core::option::Option::None,
                    }
                    ::core::option::Option::Some(())
                })?;
                // As in `decode`: one match, so that what was read is dropped in one place
                // when a required field is missing.
                match (#(#finals,)*) {
                    (#(::core::option::Option::Some(#vars),)*) => {
                        ::core::option::Option::Some(Self { #(#idents: #vars),* })
                    }
                    #[allow(unreachable_patterns)]
                    _ => ::core::option::Option::None,
                }
            }
        }
    })
}

fn decode_enum(input: &DeriveInput, c: &Container) -> Result<Tokens> {
    let variants = unit_variants(input, c)?;
    let ty = &input.ident;
    let idents = variants.iter().map(|(v, _)| v);
    let idents2 = idents.clone();
    let names = variants.iter().map(|(_, n)| n);
    let names2 = names.clone();
    Ok(quote! {
        impl<'__json> crate::io::decode::Decode<'__json> for #ty {
            fn decode(
                v: crate::io::json::Json<'__json>,
                at: &crate::io::decode::Loc<'_>,
                errs: &mut crate::error::Errors,
            ) -> ::core::option::Option<Self> {
                let i = crate::io::decode::choose(v, at, errs, &[#(#names),*])?;
                [#(Self::#idents),*].get(i).copied()
            }

            fn scan(c: &mut crate::io::scan::Cursor<'__json>) -> ::core::option::Option<Self> {
                let i = c.name(&[#(#names2),*])?;
                [#(Self::#idents2),*].get(i).copied()
            }
        }
    })
}

// ---------------------------------------------------------------------------------------
// Emit

fn emit_struct(input: &DeriveInput, c: &Container) -> Result<Tokens> {
    let fields = fields(input, c)?;
    let ty = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let writes = fields.iter().map(|f| {
        let ident = f.ident;
        let name = &f.name;
        // The key as JSON text with its colon, written here once rather than escaped on every
        // answer (a name that would need an escape is written the general way).
        let plain = !name.chars().any(|c| c == '"' || c == '\\' || c < ' ');
        let write = |value: Tokens| {
            if plain {
                let head = format!("\"{name}\":");
                quote! { w.named(#head, #name, #value); }
            } else {
                quote! { w.field(#name, #value); }
            }
        };
        match (&f.attrs.skip_serializing_if, f.attrs.flatten) {
            (_, true) => quote! { crate::io::emit::Fields::fields(&self.#ident, w); },
            (Some(p), false) if is_option_is_none(p) => {
                let w = write(quote! { x });
                quote! {
                    if let ::core::option::Option::Some(x) = &self.#ident {
                        #w
                    }
                }
            }
            (Some(p), false) => {
                let w = write(quote! { &self.#ident });
                quote! {
                    if !#p(&self.#ident) {
                        #w
                    }
                }
            }
            (None, false) => write(quote! { &self.#ident }),
        }
    });
    Ok(quote! {
        impl #impl_generics crate::io::emit::Fields for #ty #ty_generics #where_clause {
            fn fields(&self, w: &mut crate::io::emit::Writer) {
                #(#writes)*
            }
        }
        impl #impl_generics crate::io::emit::Emit for #ty #ty_generics #where_clause {
            fn emit(&self, w: &mut crate::io::emit::Writer) {
                w.open('{');
                crate::io::emit::Fields::fields(self, w);
                w.close('}');
            }
        }
    })
}

fn emit_enum(input: &DeriveInput, c: &Container) -> Result<Tokens> {
    let variants = unit_variants(input, c)?;
    let ty = &input.ident;
    let idents: Vec<&Ident> = variants.iter().map(|(v, _)| *v).collect();
    let names: Vec<&String> = variants.iter().map(|(_, n)| n).collect();
    Ok(quote! {
        impl crate::io::emit::Named for #ty {
            const ALL: &'static [Self] = &[#(Self::#idents),*];
            fn name(&self) -> &'static str {
                match self {
                    #(Self::#idents => #names,)*
                }
            }
        }
        impl crate::io::emit::Emit for #ty {
            fn emit(&self, w: &mut crate::io::emit::Writer) {
                w.string(crate::io::emit::Named::name(self));
            }
        }
    })
}
