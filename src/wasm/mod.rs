//! The WebAssembly boundary: the self-assessment page's exports ([`page`], with its
//! signing exports behind `wasm-signing`) and the review page's ([`review`], behind
//! `wasm-review`).

pub mod page;
#[cfg(feature = "wasm-review")]
pub mod review;
pub mod session;

pub use page::*;
