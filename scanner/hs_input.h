// Bytes handed to Hyperscan. Hyperscan 5.4's AVX-512 code loads whole vectors and can
// read up to a vector (64 bytes) past the end of the buffer it scans (Debian's library
// picks that code at run time on CPUs with AVX512-VBMI: Ice Lake, Zen 4 and later;
// VectorScan issue #322 describes the same overread in its fat Teddy). When the buffer
// ends within 64 bytes of the end of a page, the next page may be unmapped — a large
// heap block, an mmapped file — and the scan crashes. Every hs_scan and hs_scan_stream
// takes its bytes through hs_readable.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace keysift::scanner {

// How many bytes after a buffer's end Hyperscan may read.
inline constexpr std::size_t kHsOverread = 64;

// `data` itself when the kHsOverread bytes after its end lie on the page of its last
// byte (so they are readable), else a copy of it kept in `spare` with kHsOverread
// bytes after it. The view is valid until `spare` changes.
std::string_view hs_readable(std::string_view data, std::string& spare);

// Frees `spare` when a large copy made it large (a worker keeps small ones for reuse).
void hs_release_spare(std::string& spare);

} // namespace keysift::scanner
