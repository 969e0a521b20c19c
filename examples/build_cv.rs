//! Builds a small CV in Rust, completes it (derived ids, the person's own author entries) and
//! prints its summary.
//!
//! Run with `cargo run --example build_cv`.

use vitae::Cv;
use vitae::model::{Affiliation, Contributor, Organization, Person, Private, Text, Work, WorkKind};
use vitae::summary::Summary;
use vitae::types::{DateRange, Visibility};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut person = Person::new(Text::new("Ada")?, Text::new("Lovelace")?);
    person.orcid = Some("0000-0002-1825-0097".parse()?);
    person.birth_date = Some(Private {
        value: "1815-12-10".parse()?,
        visibility: Visibility::Private,
    });

    let mut cv = Cv::new(person);

    let mut institute = Organization::named("Example Institute of Computing")?;
    institute.city = Some("London".into());
    institute.country = Some("GB".parse()?);
    let mut job = Affiliation::new(institute, DateRange::new(Some("2021-01".parse()?), None)?);
    job.role = Some(Text::new("Research Fellow")?);
    cv.employment.push(job);

    let mut notes = Work::new(
        WorkKind::JournalArticle,
        Text::new("Sketch of the Analytical Engine")?,
    );
    notes.authors = vec![
        "Menabrea L F".parse::<Contributor>()?,
        "Lovelace A".parse()?, // found to be the person by name
    ];
    notes.date = Some("1843".parse()?);
    notes.container = Some("Scientific Memoirs".parse()?);
    notes.volume = Some("3".into());
    notes.pages = Some("666-731".parse()?);
    cv.works.push(notes);

    cv.complete();
    // The checks `vitae check` makes: here, that the article has no DOI or link.
    let mut report = vitae::Report::new(None);
    vitae::validate::validate(&cv)
        .into_iter()
        .for_each(|d| report.push(d));
    eprint!("{report}");

    let me = cv.works[0].authors.iter().find(|a| a.is_me());
    println!("own entry: {}", me.map_or("none", |a| a.name.as_str()));
    println!("id: {}", cv.works[0].id.as_ref().map_or("", |i| i.as_str()));
    print!("{}", Summary::of(&cv));
    Ok(())
}
