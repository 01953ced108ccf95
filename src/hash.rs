//! Stable hashing: the same bytes give the same number on every platform and release, which
//! fingerprinted file names, the narrative's template rotation and the build cache's
//! checksums rely on.

use std::hash::Hasher;

/// FNV-1a 64 of `bytes`: stable across platforms and releases, unlike `DefaultHasher`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    h.finish()
}

/// XXH3 64 of `bytes`: the checksum of the build cache and of a shard's manifest, files of
/// tens of megabytes read and written on every rebuild, which FNV-1a's byte at a time made
/// a few percent of a rebuild that renders one page.
pub fn checksum(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // FNV-1a 64 reference values (Fowler/Noll/Vo test suite).
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn checksum_is_xxh3_64() {
        // XXH3 64 of no bytes, seed 0, as the xxHash reference gives it.
        assert_eq!(checksum(b""), 0x2d06800538d394c2);
        assert_ne!(checksum(b"a"), checksum(b"b"));
    }
}
