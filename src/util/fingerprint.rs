//! A fingerprint of anything serde can serialise, made without writing it out:
//! watch mode compares each page's view with the one it was last rendered from
//! (see [`crate::render::Seen`]), and serialising ten thousand views to JSON to
//! compare them took most of a rebuild (escaping every body's text).
//!
//! The value is walked as serde sees it, and each scalar, string and the shape
//! around them (tags, lengths, field and variant names) is written down and
//! hashed with foldhash, so `["ab", "c"]` and `["a", "bc"]` differ. Two
//! different values have the same fingerprint with a chance of about one in
//! 2^64 (it also records how many bytes were hashed, a second check). A value
//! may ask [`walking`] whether it is being fingerprinted, to leave out what it
//! makes from its other fields, such as JSON-LD.

use std::fmt::Display;
use std::hash::{BuildHasher, Hasher};

use serde::ser::{self, Serialize, Serializer};

/// The fingerprint of a value: a 64-bit hash and the number of bytes hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Fingerprint {
    hash: u64,
    len: u64,
}

/// The fingerprint of `value`, or `None` if it cannot be serialised (then it
/// cannot be rendered either, and rendering says why).
pub fn fingerprint(value: &impl Serialize) -> Option<Fingerprint> {
    fingerprint_after(&[], value)
}

/// The fingerprint of `prefix` followed by `value` (a template's name and the
/// page view it is rendered with).
pub fn fingerprint_after(prefix: &[u8], value: &impl Serialize) -> Option<Fingerprint> {
    // A fingerprint made inside another (a file's, the first time a view that
    // holds it is walked) finds the buffer taken and starts one of its own.
    let mut walker = Walker { fed: BUFFER.take() };
    walker.fed.clear();
    walker.bytes(prefix);
    let was = WALKING.replace(true);
    let walked = value.serialize(&mut walker);
    WALKING.set(was);
    let mut hasher = foldhash::quality::FixedState::with_seed(0x6c6f_6361_6c6f_6666).build_hasher();
    hasher.write(&walker.fed);
    let print = Fingerprint {
        hash: hasher.finish(),
        len: walker.fed.len() as u64,
    };
    BUFFER.set(walker.fed);
    walked.ok()?;
    Some(print)
}

/// A value's fingerprint, worked out the first time it is asked for and kept
/// with the value, for files watch mode keeps from one rebuild to the next (see
/// [`Remembered`]). A copy starts empty: it may be changed.
#[derive(Debug, Default)]
pub struct Memo(std::sync::OnceLock<Option<Fingerprint>>);

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

/// A value that keeps its own fingerprint: it must not change once shared.
pub trait Memoised: Serialize {
    /// Where the fingerprint is kept.
    fn memo(&self) -> &Memo;
}

/// Serialises as the value itself, except into a fingerprint, where it is the
/// value's kept fingerprint: an unchanged file's text is hashed once, not on
/// every rebuild.
pub struct Remembered<'a, T>(pub &'a T);

impl<T: Memoised> Serialize for Remembered<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RememberedIn(self.0, self.0.memo()).serialize(s)
    }
}

/// Serialises as the value itself, except into a fingerprint, where it is the
/// fingerprint kept in the memo beside it: for a part of a file (a page's text)
/// that the file keeps a [`Memo`] for. The value must not change once shared.
pub struct RememberedIn<'a, T>(pub &'a T, pub &'a Memo);

impl<T: Serialize> Serialize for RememberedIn<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !walking() {
            return self.0.serialize(s);
        }
        match self.1.0.get_or_init(|| fingerprint(self.0)) {
            // A struct, not a tuple, so that a view may flatten it.
            Some(print) => print.serialize(s),
            None => self.0.serialize(s),
        }
    }
}

std::thread_local! {
    /// Whether this thread is making a fingerprint: see [`walking`].
    static WALKING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// What the last fingerprint made on this thread fed its hasher, kept for the
    /// next one's.
    static BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Whether this thread is making a fingerprint, for a value that serialises
/// differently into one ([`RememberedIn`], a page's JSON-LD). The serialiser
/// cannot be asked: serde's serialiser for a `#[serde(flatten)]` field reports
/// itself as human-readable whatever it writes into, so a flattened
/// [`Remembered`] walked the whole of its value (the jargon buster's every term,
/// on every rebuild). A fingerprint is all this thread serialises into while it
/// makes one: nothing a view's `Serialize` does may hand work to other threads.
pub fn walking() -> bool {
    WALKING.get()
}

/// Writes down what serde shows it, to be hashed in one go at the end: a view is
/// thousands of short pieces (tags, lengths, field names), and feeding a hasher
/// each one on its own cost more than copying them.
struct Walker {
    fed: Vec<u8>,
}

impl Walker {
    fn tag(&mut self, tag: u8) {
        self.fed.push(tag);
    }

    fn word(&mut self, word: u64) {
        self.fed.extend_from_slice(&word.to_le_bytes());
    }

    /// A length, then the bytes: the same bytes split differently differ.
    fn bytes(&mut self, bytes: &[u8]) {
        self.word(bytes.len() as u64);
        self.fed.extend_from_slice(bytes);
    }

    fn tagged_len(&mut self, tag: u8, len: Option<usize>) {
        self.tag(tag);
        self.word(len.map_or(u64::MAX, |n| n as u64));
    }
}

/// Serialising never fails on its own; a value's `Serialize` may still say no.
#[derive(Debug)]
struct Refused(String);

impl Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: Display>(msg: T) -> Self {
        Refused(msg.to_string())
    }
}

// Tags, one per shape serde has.
const BOOL: u8 = 1;
const INT: u8 = 2;
const UINT: u8 = 3;
const FLOAT: u8 = 4;
const CHAR: u8 = 5;
const STR: u8 = 6;
const BYTES: u8 = 7;
const NONE: u8 = 8;
const SOME: u8 = 9;
const UNIT: u8 = 10;
const VARIANT: u8 = 11;
const NEWTYPE: u8 = 12;
const SEQ: u8 = 13;
const MAP: u8 = 14;
const STRUCT: u8 = 15;
const END: u8 = 16;
const FIELD: u8 = 17;
const SKIPPED: u8 = 18;

/// `Serializer` methods that hand a narrow number on to the wide one.
macro_rules! widen {
    ($($narrow:ident($from:ty) => $wide:ident($to:ty)),* $(,)?) => {$(
        fn $narrow(self, v: $from) -> Result<(), Refused> {
            self.$wide(<$to>::from(v))
        }
    )*};
}

impl Serializer for &mut Walker {
    type Ok = ();
    type Error = Refused;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn is_human_readable(&self) -> bool {
        false
    }

    // Narrow numbers are fingerprinted as the widest of their sign.
    widen! {
        serialize_i8(i8) => serialize_i64(i64),
        serialize_i16(i16) => serialize_i64(i64),
        serialize_i32(i32) => serialize_i64(i64),
        serialize_u8(u8) => serialize_u64(u64),
        serialize_u16(u16) => serialize_u64(u64),
        serialize_u32(u32) => serialize_u64(u64),
    }

    fn serialize_bool(self, v: bool) -> Result<(), Refused> {
        self.tag(BOOL);
        self.tag(u8::from(v));
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Refused> {
        self.tag(INT);
        self.word(v as u64);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Refused> {
        self.tag(INT);
        self.bytes(&v.to_le_bytes());
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Refused> {
        self.tag(UINT);
        self.word(v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Refused> {
        self.tag(UINT);
        self.bytes(&v.to_le_bytes());
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Refused> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Refused> {
        self.tag(FLOAT);
        self.word(v.to_bits());
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Refused> {
        self.tag(CHAR);
        self.word(u64::from(v));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Refused> {
        self.tag(STR);
        self.bytes(v.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Refused> {
        self.tag(BYTES);
        self.bytes(v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Refused> {
        self.tag(NONE);
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Refused> {
        self.tag(SOME);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Refused> {
        self.tag(UNIT);
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), Refused> {
        self.tag(UNIT);
        self.bytes(name.as_bytes());
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<(), Refused> {
        self.tag(VARIANT);
        self.word(u64::from(index));
        self.bytes(variant.as_bytes());
        Ok(())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        self.serialize_unit_variant(name, index, variant)?;
        self.tag(NEWTYPE);
        value.serialize(self)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Refused> {
        self.tagged_len(SEQ, len);
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, Refused> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, Refused> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Refused> {
        self.serialize_unit_variant(name, index, variant)?;
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self, Refused> {
        self.tagged_len(MAP, len);
        Ok(self)
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self, Refused> {
        self.tagged_len(STRUCT, Some(len));
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Refused> {
        self.serialize_unit_variant(name, index, variant)?;
        self.serialize_struct(name, len)
    }
}

/// The elements of sequences and tuples, in order, then an end tag.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'a> ser::$trait for &'a mut Walker {
            type Ok = ();
            type Error = Refused;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Refused> {
                value.serialize(&mut **self)
            }

            fn end(self) -> Result<(), Refused> {
                self.tag(END);
                Ok(())
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for &mut Walker {
    type Ok = ();
    type Error = Refused;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Refused> {
        key.serialize(&mut **self)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Refused> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Refused> {
        self.tag(END);
        Ok(())
    }
}

/// The fields of structs: each name, then its value; a skipped field is marked.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl<'a> ser::$trait for &'a mut Walker {
            type Ok = ();
            type Error = Refused;

            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Refused> {
                self.tag(FIELD);
                self.bytes(key.as_bytes());
                value.serialize(&mut **self)
            }

            fn skip_field(&mut self, key: &'static str) -> Result<(), Refused> {
                self.tag(SKIPPED);
                self.bytes(key.as_bytes());
                Ok(())
            }

            fn end(self) -> Result<(), Refused> {
                self.tag(END);
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'a str>,
        #[serde(flatten)]
        extra: BTreeMap<&'a str, u32>,
    }

    fn page<'a>(title: &'a str, tags: Vec<&'a str>, note: Option<&'a str>) -> Page<'a> {
        Page {
            title,
            tags,
            note,
            extra: BTreeMap::from([("count", 2)]),
        }
    }

    #[test]
    fn equal_values_agree_and_any_change_shows() {
        let a = fingerprint(&page("Transport", vec!["school", "bus"], None));
        assert!(a.is_some());
        assert_eq!(
            a,
            fingerprint(&page("Transport", vec!["school", "bus"], None))
        );
        for other in [
            page("Transport.", vec!["school", "bus"], None),
            page("Transport", vec!["schoolbus"], None),
            page("Transport", vec!["schoo", "lbus"], None),
            page("Transport", vec!["school", "bus", ""], None),
            page("Transport", vec!["school", "bus"], Some("")),
        ] {
            assert_ne!(
                a,
                fingerprint(&other),
                "{}",
                serde_json::to_string(&other).unwrap()
            );
        }
        assert_ne!(
            fingerprint_after(b"faq.html\0", &1),
            fingerprint_after(b"page.html\0", &1)
        );
        assert_ne!(fingerprint(&Some(0u8)), fingerprint(&0u8));
        assert_ne!(fingerprint(&1i64), fingerprint(&1u64));
    }

    /// A file's value that counts how often it is walked.
    #[derive(Default)]
    struct File {
        text: String,
        walked: std::sync::atomic::AtomicUsize,
        memo: Memo,
    }

    impl Serialize for File {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.walked
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            use ser::SerializeStruct;
            let mut st = s.serialize_struct("File", 1)?;
            st.serialize_field("text", &self.text)?;
            st.end()
        }
    }

    impl Memoised for File {
        fn memo(&self) -> &Memo {
            &self.memo
        }
    }

    #[derive(Serialize)]
    struct View<'a> {
        #[serde(flatten)]
        file: Remembered<'a, File>,
        extra: u8,
    }

    #[test]
    fn a_flattened_file_is_walked_once_and_shows_as_itself_to_people() {
        let file = File {
            text: "Short breaks".to_owned(),
            ..File::default()
        };
        let view = View {
            file: Remembered(&file),
            extra: 1,
        };
        let first = fingerprint(&view);
        assert_eq!(first, fingerprint(&view));
        assert_eq!(file.walked.load(std::sync::atomic::Ordering::Relaxed), 1);
        // Read by people (a template's context), the file is all there.
        assert_eq!(
            serde_json::to_string(&view).unwrap(),
            r#"{"text":"Short breaks","extra":1}"#
        );
        // A changed file (a fresh copy, as a reload makes) changes the print.
        let changed = File {
            text: "Respite".to_owned(),
            ..File::default()
        };
        assert_ne!(
            first,
            fingerprint(&View {
                file: Remembered(&changed),
                extra: 1,
            })
        );
    }
}
