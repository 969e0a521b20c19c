//! The ORCID XML reader on arbitrary input: it must return (a CV with its losses, or an error
//! with a position), never panic; and whatever it imports must export again without panic.
//!
//! `cargo +nightly fuzz run orcid_read fuzz/corpus/orcid_read` (seed the corpus with
//! `../shared/fixtures/orcid/*/*.xml` and `tests/fixtures/orcid-malformed/*.xml`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match vitae::orcid::import(text) {
        Ok(imported) => {
            let export = vitae::orcid::OrcidXml::new()
                .with_include(vitae::types::Visibility::Private)
                .export(&imported.cv);
            // Every document written must be read back.
            if let Ok(files) = export.files() {
                for (_, xml) in files {
                    if let Err(e) = vitae::orcid::read_document(&xml) {
                        panic!("an exported document does not read back: {e}\n{xml}");
                    }
                }
            }
        }
        Err(e) => {
            let s = e.to_string();
            assert!(s.starts_with("line "), "an error without position: {s}");
        }
    }
});
