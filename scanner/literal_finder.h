// LiteralFinder: every occurrence of a few literal strings in a stream, in one Hyperscan
// pass (the Redactor uses it to find where multi-line secrets may start). Literals are
// case-sensitive unless marked caseless. One stream per object; not thread-safe; not
// copyable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"
#include "scanner/hs_handles.h"

namespace keysift::scanner {

class LiteralFinder {
public:
  struct Hit {
    std::uint32_t literal = 0; // index into the literals given to compile()
    std::uint64_t start = 0;   // offset from the stream start
  };
  struct Literal {
    std::string text;
    bool caseless = false;
    bool operator==(const Literal&) const = default;
  };
  static Result<std::unique_ptr<LiteralFinder>> compile(std::vector<Literal> literals);
  Status open();
  // Appends the occurrences that end within `bytes` (they may start in earlier bytes).
  Status feed(std::string_view bytes, std::vector<Hit>& out);

private:
  std::vector<Literal> literals_;
  HsDatabase db_;
  HsScratch scratch_;
  HsStream stream_;
};

} // namespace keysift::scanner
