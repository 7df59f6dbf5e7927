// The one-line summary that ends the text report (internal to reporters/). Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "scanner/finding.h"

namespace keysift::reporters {

// "3 findings (2 high, 1 medium) in 12 files, 1.2 MB scanned in 0.05 s; 2 skipped
// (1 binary, 1 symlink); 1 error", or "no findings in 12 files (1.2 MB)" followed by the
// same skipped and error parts. Severities run from critical to info, then any other in
// name order. Then the units covered ("[3 commits, 2 of 3 layers]") and, unless the
// scan was complete, its verdict and gaps ("; incomplete: not scanned: 1 unreadable").
std::string text_summary(const scanner::ScanReport& report);

// "512 B", "1.2 kB", "1.2 MB", … (decimal units).
std::string human_bytes(std::uint64_t bytes);

} // namespace keysift::reporters
