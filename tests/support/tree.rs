//! A tiny XML element tree for the test server: read with quick-xml, written back with the
//! names and namespace declarations as they came.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct El {
    /// The qualified name as written, e.g. `work:title`.
    pub name: String,
    /// Attributes as written (qualified names, unescaped values), namespace declarations
    /// included.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Child>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Child {
    El(El),
    Text(String),
}

impl El {
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.rsplit(':').next() == Some(local) && !k.starts_with("xmlns"))
            .map(|(_, v)| v.as_str())
    }

    pub fn set_attr(&mut self, name: &str, value: &str) {
        self.attrs.retain(|(k, _)| k != name);
        self.attrs.push((name.to_owned(), value.to_owned()));
    }

    pub fn remove_attr(&mut self, name: &str) {
        self.attrs.retain(|(k, _)| k != name);
    }

    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|c| match c {
            Child::El(e) => Some(e),
            Child::Text(_) => None,
        })
    }

    pub fn child(&self, local: &str) -> Option<&El> {
        self.elements().find(|e| e.local() == local)
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            match c {
                Child::Text(t) => s.push_str(t),
                Child::El(e) => s.push_str(&e.text()),
            }
        }
        s.trim().to_owned()
    }

    pub fn text_at(&self, path: &[&str]) -> Option<String> {
        let mut e = self;
        for p in path {
            e = e.child(p)?;
        }
        Some(e.text())
    }

    /// Every element below, depth first.
    pub fn descendants(&self) -> Vec<&El> {
        let mut out = Vec::new();
        for e in self.elements() {
            out.push(e);
            out.extend(e.descendants());
        }
        out
    }

    pub fn leaf(name: &str, text: &str) -> Self {
        let mut e = Self::new(name);
        e.children.push(Child::Text(text.to_owned()));
        e
    }

    pub fn with(mut self, child: El) -> Self {
        self.children.push(Child::El(child));
        self
    }

    pub fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attrs {
            out.push_str(&format!(" {k}=\"{}\"", escape(v)));
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for c in &self.children {
            match c {
                Child::Text(t) => out.push_str(&escape(t)),
                Child::El(e) => e.write(out),
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }

    pub fn to_document(&self) -> String {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        self.write(&mut s);
        s.push('\n');
        s
    }
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn start(e: &BytesStart<'_>) -> Result<El, String> {
    let qname = e.name();
    let name: &str = qname.as_ref();
    let mut el = El::new(name);
    for a in e.attributes() {
        let a = a.map_err(|x| x.to_string())?;
        let k: &str = a.key.as_ref();
        let v = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|x| x.to_string())?;
        el.attrs.push((k.to_owned(), v.into_owned()));
    }
    Ok(el)
}

fn push_text(stack: &mut [El], t: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Child::Text(s)) = top.children.last_mut() {
            s.push_str(t);
        } else {
            top.children.push(Child::Text(t.to_owned()));
        }
    }
}

pub fn parse(doc: &str) -> Result<El, String> {
    let mut r = Reader::from_str(doc);
    let mut stack: Vec<El> = Vec::new();
    let mut root = None;
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => stack.push(start(&e)?),
            Event::Empty(e) => {
                let el = start(&e)?;
                match stack.last_mut() {
                    Some(t) => t.children.push(Child::El(el)),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced")?;
                match stack.last_mut() {
                    Some(t) => t.children.push(Child::El(el)),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(g) => {
                let n = g.xml10_content();
                let c = match n.as_ref() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    other => g
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .ok_or(format!("unknown entity {other}"))?,
                };
                push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("unclosed element".into());
    }
    root.ok_or_else(|| "no root".into())
}
