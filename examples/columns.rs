//! Runs definitions over a log as the page does (capture columns on, one
//! thread) and prints a digest of everything observed, so that engine changes
//! can be timed (or counted with callgrind) and checked for identical results.
//!
//! Usage: cargo run --release --example columns -- DEFS LOG [MAX_COLUMNS]
//! (`NO_DIGEST=1` in the environment leaves the digest out, for callgrind.)

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use metrex::evaluate::Scan;
use metrex::{parse_definitions, Options};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(defs), Some(log)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: columns DEFS LOG [MAX_COLUMNS]");
        std::process::exit(2);
    };
    let max_columns = args
        .get(3)
        .map_or(100_000, |n| n.parse().unwrap_or(100_000));
    let defs = std::fs::read_to_string(defs).expect("definitions");
    let log = std::fs::read(log).expect("log");
    let options = Options {
        max_columns,
        threads: 1,
        ..Options::default()
    };
    let mut scan = Scan::new(parse_definitions(&defs), options);
    // Pieces of 1 MiB, as the page's worker feeds them.
    for piece in log.chunks(1 << 20) {
        scan.push(piece);
    }
    let evaluation = scan.finish();
    if std::env::var_os("NO_DIGEST").is_some() {
        println!("lines {}", evaluation.lines);
        return;
    }
    let mut hasher = DefaultHasher::new();
    let mut captures = 0u64;
    for state in &evaluation.states {
        format!("{:?}", state.for_report()).hash(&mut hasher);
        let c = &state.columns;
        (&c.line, &c.kind, &c.match_start, &c.match_end).hash(&mut hasher);
        (&c.group_start, &c.group_end, c.total).hash(&mut hasher);
        c.value.iter().for_each(|v| v.to_bits().hash(&mut hasher));
        let t = &state.thinned;
        (&t.line, t.stride, t.seen).hash(&mut hasher);
        t.value.iter().for_each(|v| v.to_bits().hash(&mut hasher));
        captures += c.total;
    }
    println!(
        "lines {} captures {} digest {:016x}",
        evaluation.lines,
        captures,
        hasher.finish()
    );
}
