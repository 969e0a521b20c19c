//! The ORCID reader puts a document's values straight into its items (issue 19, point 2): it
//! builds no tree of the document first, so it allocates about once for each value it keeps,
//! not several times for every element (a name, a namespace, a text, a list of children and a
//! path each). Counted with a counting allocator, since times are too noisy to test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use vitae_synthetic::{Rng, orcid_records};

/// The system allocator, counting the allocations of the thread that asks.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: the count is not kept while the thread's locals are being torn down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every call goes to the system allocator unchanged; the count touches no memory that
// is allocated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: the caller's contract, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The allocations `f` makes on this thread.
fn allocations(f: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// The start tags of a document (`<name`, not `</`, `<?`, `<!`).
fn elements(xml: &str) -> u64 {
    xml.as_bytes()
        .windows(2)
        .filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic())
        .count() as u64
}

/// The allocations of reading a record of `works` works, and its elements.
fn read_record(works: u64) -> (u64, u64) {
    let id = orcid_records::orcid_id(4242);
    let xml = orcid_records::record(&id, works, &mut Rng::new(7));
    let mut read = None;
    let made = allocations(|| read = Some(vitae::orcid::read_document(&xml)));
    let (doc, _losses) = read.expect("read").expect("a record");
    let vitae::orcid::doc::Document::Record { items, .. } = &doc else {
        panic!("a record")
    };
    assert!(items.len() as u64 >= works, "{works} works read");
    (made, elements(&xml))
}

#[test]
fn reading_a_record_allocates_about_once_per_value_kept() {
    let (made_10, elements_10) = read_record(10);
    let (made, elements) = read_record(400);
    // What the 390 more works cost. Building a tree of the document first made about six
    // allocations per element (77,240 for these 12,870: a name, a namespace, a text, a list of
    // children, a path each) before any value was read; reading the events straight into the
    // items allocates about once for each value kept (its text), 14,440.
    let (made, elements) = (made - made_10, elements - elements_10);
    eprintln!("390 works more: {made} allocations, {elements} elements");
    assert!(
        made < 2 * elements,
        "{made} allocations for {elements} elements; a reader that keeps only the values allocates fewer"
    );
}
