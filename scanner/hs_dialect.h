// Rules are written in RE2's dialect (rules/README.md); Hyperscan reads PCRE's. Where
// the two read the same escape differently, Hyperscan gets a spelling with RE2's
// meaning, so both engines agree on every match. They must: RE2 confirms a Hyperscan
// hit by searching a window around it, and a match RE2 accepts but Hyperscan would not
// report is then found only when another hit's window happens to cover it (a file scan
// finds it or not depending on its neighbours; a redacted log, on how it was written).
//   \s  RE2: [\t\n\f\r ]      PCRE: also \v (0x0B)
//   \S  RE2: not the above    PCRE: not \v either
//   \v  RE2: the byte 0x0B    PCRE: any vertical space (\n \v \f \r, 0x85)
#pragma once

#include <string>
#include <string_view>

namespace keysift::scanner {

// `pattern` rewritten for Hyperscan; unchanged when it holds none of the escapes above.
// Escaped characters, \Q...\E quotes and POSIX classes are copied as they are.
std::string hs_dialect(std::string_view pattern);

} // namespace keysift::scanner
