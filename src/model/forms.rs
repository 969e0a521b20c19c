//! The forgiving forms of the input format: one value or a list, a short string or a map.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A list field that a CV file may also write as a single value (`authors: "Lovelace, Ada"`
/// for a one-element list); `~` or `null` is the empty list. A field reads and writes through
/// it with one serde attribute and takes its JSON Schema from [`OneOrMany`]:
///
/// ```ignore
/// #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
/// #[schemars(with = "OneOrMany<Contributor>")]
/// pub authors: Vec<Contributor>,
/// ```
///
/// The model keeps a plain `Vec<T>`: the single value is a convenience of the file format,
/// not a different value. Written back, the field is always a list.
pub(crate) mod one_or_many {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, Visitor};
    use serde::{Serialize, Serializer};

    /// Reads a list, or a single value as a one-element list.
    pub(crate) fn deserialize<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        d.deserialize_any(OneOrManyVisitor(PhantomData))
    }

    /// Writes the list, as `Vec<T>` does.
    pub(crate) fn serialize<S: Serializer, T: Serialize>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v)
    }

    struct OneOrManyVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("one value or a list")
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // Sized at once when the length is known, as serde's own `Vec` does (bounded, so
            // that no input makes it reserve much).
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(x) = seq.next_element()? {
                out.push(x);
            }
            Ok(out)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|x| vec![x])
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|x| vec![x])
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|x| vec![x])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|x| vec![x])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|x| vec![x])
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|x| vec![x])
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<T>, E> {
            T::deserialize(v.into_deserializer()).map(|x| vec![x])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
    }
}

/// The JSON Schema of a field read by [`one_or_many`]: a `T` or a list of `T`.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "OneOrMany_{T}")]
#[allow(dead_code)]
pub(crate) enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// A type written either as a short string or as a map of its fields.
///
/// The map form is declared once, by a private struct of the file's keys that also gives its
/// JSON Schema ([`Full`](Self::Full)). When the keys are the type's own fields
/// ([`Organization`](super::Organization), [`Journal`](super::Journal),
/// [`Container`](super::Container)), that struct is a serde remote derive of the type
/// (`#[serde(remote = "Organization")]`): serde reads the map straight into the type, and
/// the compiler checks that the two list the same fields with the same types. When the file's
/// keys differ from the fields ([`Link`](super::Link): `url` or `file`;
/// [`Contributor`](super::Contributor): `group`), the struct is read on its own and converted.
pub(crate) trait ShortForm: Sized {
    /// The map form's declaration, for its JSON Schema.
    type Full: schemars::JsonSchema;
    /// What the short string means.
    const SHORT_DESCRIPTION: &'static str;
    /// Reads the short form.
    fn from_short(s: &str) -> Result<Self, String>;
    /// Reads the map form.
    fn from_map<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// Reads a map form declared apart from its type, `F`, and converts it.
pub(crate) fn converted<'de, D, F, T>(
    d: D,
    convert: impl FnOnce(F) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: Deserialize<'de>,
{
    convert(F::deserialize(d)?).map_err(de::Error::custom)
}

/// Implements `Deserialize` and `JsonSchema` for a [`ShortForm`] type.
macro_rules! short_form {
    ($ty:ty) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::model::forms::deserialize_short_form(d)
            }
        }
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let full = g.subschema_for::<<$ty as $crate::model::forms::ShortForm>::Full>();
                schemars::json_schema!({
                    "anyOf": [
                        {"type": "string", "description": <$ty as $crate::model::forms::ShortForm>::SHORT_DESCRIPTION},
                        full
                    ]
                })
            }
        }
    };
}
pub(crate) use short_form;

pub(crate) fn deserialize_short_form<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: ShortForm,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: ShortForm> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "{} or a map", T::SHORT_DESCRIPTION)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            T::from_short(v).map_err(E::custom)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(V(PhantomData))
}

/// Trims a string and turns an empty one into an error naming what was expected.
pub(crate) fn non_empty(s: &str, what: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        Err(format!("expected {what}, found an empty string"))
    } else {
        Ok(t.to_owned())
    }
}

/// A required, non-empty, trimmed text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(String);

impl Text {
    /// Builds a text.
    ///
    /// # Errors
    /// When it is empty or only white space.
    pub fn new(s: &str) -> Result<Self, crate::types::ValueError> {
        non_empty(s, "some text")
            .map(Self)
            .map_err(crate::types::ValueError::new)
    }

    /// A text of vitae's own, a literal that is known to be non-empty and trimmed.
    pub(crate) fn literal(s: &'static str) -> Self {
        debug_assert!(!s.is_empty() && s.trim() == s, "{s:?} is no Text");
        Self(s.to_owned())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An item id is a text: never empty, no white space.
impl From<&crate::types::ItemId> for Text {
    fn from(id: &crate::types::ItemId) -> Self {
        Self(id.as_str().to_owned())
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}
crate::types::string_newtype!(Text, "non-empty text", Some(r"\S"));

/// An optional text, trimmed; empty text counts as absent.
pub(crate) fn opt_trimmed<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    Ok(s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}

/// An optional text that may be written as a bare number; empty text counts as absent.
pub(crate) fn opt_string_like<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = Option::<crate::types::StringLike>::deserialize(d)?;
    Ok(s.map(|s| s.0.trim().to_owned()).filter(|s| !s.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::one_or_many;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Holder {
        #[serde(default, with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
        items: Vec<u32>,
    }

    fn read(json: &str) -> Result<Vec<u32>, String> {
        serde_json::from_str::<Holder>(json)
            .map(|h| h.items)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn one_value_a_list_null_or_nothing_read_as_a_list() {
        assert_eq!(read(r#"{"items": 7}"#), Ok(vec![7]));
        assert_eq!(read(r#"{"items": [7, 8]}"#), Ok(vec![7, 8]));
        assert_eq!(read(r#"{"items": null}"#), Ok(vec![]));
        assert_eq!(read("{}"), Ok(vec![]));
    }

    #[test]
    fn a_single_value_is_written_back_as_a_list_and_an_empty_list_not_at_all() {
        let one = serde_json::from_str::<Holder>(r#"{"items": 7}"#).expect("reads");
        assert_eq!(
            serde_json::to_string(&one).expect("writes"),
            r#"{"items":[7]}"#
        );
        let none = Holder { items: vec![] };
        assert_eq!(serde_json::to_string(&none).expect("writes"), "{}");
    }

    #[test]
    fn a_wrong_element_keeps_serdes_wording_and_position() {
        let e = read(r#"{"items": [7, "x"]}"#).expect_err("a string is no number");
        assert_eq!(
            e,
            "invalid type: string \"x\", expected u32 at line 1 column 17"
        );
        let e = read(r#"{"items": "x"}"#).expect_err("a string is no number");
        assert!(
            e.starts_with("invalid type: string \"x\", expected u32"),
            "{e}"
        );
    }

    #[test]
    fn a_map_form_read_straight_into_its_type_keeps_its_rules() {
        use crate::model::{Container, ContributorRole, Organization};
        let o: Organization =
            serde_json::from_str(r#"{"name": "TU Berlin", "city": " Berlin ", "department": " "}"#)
                .expect("reads");
        assert_eq!((o.city.as_deref(), o.department), (Some("Berlin"), None));
        let c: Container =
            serde_json::from_str(r#"{"title": "LNCS", "editors": "Holzinger, Andreas"}"#)
                .expect("reads");
        assert_eq!(c.editors[0].role, ContributorRole::Editor);
        let e = serde_json::from_str::<Organization>(r#"{"city": "Berlin"}"#)
            .expect_err("no name")
            .to_string();
        assert!(e.starts_with("missing field `name`"), "{e}");
    }
}
