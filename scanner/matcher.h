// Matcher: runs the Hyperscan database over bytes and collects candidate hits
// (rule, end offset). Owns every hs_* call and one scratch. One per worker thread:
// not thread-safe, not copyable.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/status.h"
#include "scanner/compiled_rules.h"

namespace keysift::scanner {

struct Candidate {
  std::uint32_t rule = 0; // index into CompiledRules::rules()
  std::uint64_t end = 0;  // absolute offset just past the hit
};

class Matcher {
public:
  explicit Matcher(std::shared_ptr<const CompiledRules> rules);
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  const CompiledRules& rules() const { return *rules_; }

  // Block mode: every hit in `data` (offsets relative to data[0]).
  Status scan_block(std::string_view data, std::vector<Candidate>& out);

  // Stream mode: open, feed slices in order, close. Offsets count from the stream start.
  Status stream_open();
  Status stream_feed(std::string_view slice, std::vector<Candidate>& out);
  Status stream_close(std::vector<Candidate>& out);

private:
  Status ensure_scratch(const hs_database_t* db);

  std::shared_ptr<const CompiledRules> rules_;
  HsScratch scratch_;
  HsStream stream_;
  std::string spare_; // copies of buffers Hyperscan could read past (hs_input.h)
};

} // namespace keysift::scanner
