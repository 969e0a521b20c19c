//! `ExportFormat` takes oxigraph's `RdfFormat` for the RDF syntaxes rather than a copy of it
//! (issue 15, point 5): `ExportFormat::Rdf(RdfFormat::Turtle)`, or an `RdfFormat` itself where
//! an `ExportFormat` is taken. The command line's names, extensions and media types stay.

use vitae::InputFormat;
use vitae::export::{ExportFormat, Options, Rdf, RdfFormat};

fn cv() -> vitae::Cv {
    vitae::from_str(
        "base-iri: https://ada.example.org/\nperson: {given-names: Ada, family-name: Lovelace}\nworks:\n  - {type: journal-article, title: Notes, date: 1843, doi: 10.1234/notes}\n",
        InputFormat::Yaml,
    )
    .unwrap()
    .cv
}

#[test]
fn an_rdf_export_format_is_oxigraphs_rdf_format() {
    let cv = cv();
    let options = Options::new();
    for format in [
        RdfFormat::Turtle,
        RdfFormat::NTriples,
        RdfFormat::NQuads,
        RdfFormat::RdfXml,
        RdfFormat::TriG,
        RdfFormat::N3,
    ] {
        let expected = Rdf::new(format).to_string(&cv).unwrap();
        let wrapped = vitae::export::to_string(&cv, ExportFormat::Rdf(format), &options).unwrap();
        assert_eq!(wrapped, expected, "{format}");
        // oxigraph's enum is taken as it is.
        let given = vitae::export::to_string(&cv, format, &options).unwrap();
        assert_eq!(given, expected, "{format}");
        assert_eq!(ExportFormat::from(format), ExportFormat::Rdf(format));
        let f = ExportFormat::Rdf(format);
        assert_eq!(f.extension(), format.file_extension());
        assert_eq!(f.media_type(), format.media_type());
    }
}

#[test]
fn the_command_lines_names_stay() {
    let names: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        [
            "jsonld", "html", "turtle", "ntriples", "nquads", "rdfxml", "trig"
        ]
    );
    for (name, rdf) in [
        ("turtle", RdfFormat::Turtle),
        ("ttl", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("nt", RdfFormat::NTriples),
        ("nquads", RdfFormat::NQuads),
        ("nq", RdfFormat::NQuads),
        ("rdfxml", RdfFormat::RdfXml),
        ("rdf-xml", RdfFormat::RdfXml),
        ("trig", RdfFormat::TriG),
    ] {
        assert_eq!(
            ExportFormat::from_name(name),
            Some(ExportFormat::Rdf(rdf)),
            "{name}"
        );
    }
    assert_eq!(
        ExportFormat::from_name("jsonld"),
        Some(ExportFormat::JsonLd)
    );
    assert_eq!(ExportFormat::from_name("n3"), None);
    assert_eq!(
        ExportFormat::from_extension("owl"),
        Some(ExportFormat::Rdf(RdfFormat::RdfXml))
    );
    assert_eq!(
        ExportFormat::from_extension("jsonld"),
        Some(ExportFormat::JsonLd)
    );
    assert_eq!(ExportFormat::Rdf(RdfFormat::TriG).to_string(), "trig");
    assert_eq!(ExportFormat::Rdf(RdfFormat::N3).to_string(), "N3");
}
