#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| metrex_fuzz::explain_why(data));
