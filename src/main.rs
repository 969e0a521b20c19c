//! The `vitae` command line.

mod cli;

/// mimalloc rather than the system allocator: exports make and drop many small strings, and
/// glibc's malloc spends a third of the time of a large export freeing and merging them
/// (see README, "Performance").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
