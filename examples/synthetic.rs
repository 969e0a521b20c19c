//! Writes a synthetic CV of N works (default 100) as YAML to stdout, the same one the benches
//! use: `cargo run --example synthetic -- 1000 > cv-1000.yaml`.

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    print!("{}", vitae_synthetic::cv::cv_yaml(n));
}
