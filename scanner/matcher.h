// Matcher: runs Hyperscan databases over bytes. Owns every hs_* scan call: the scratch,
// the open stream, and the copies of buffers Hyperscan could read past (hs_input.h).
// One per thread: not thread-safe, not copyable.
//
// Two ways in, same machinery:
//   - the rules' own databases (scan_block(data, out), stream_*(…, out)): each hit is a
//     Candidate (rule, end) appended to a vector — the scan engine's path;
//   - any database another room compiles (keysift redact's rules-and-literals one): the
//     overloads that take the database and a callable on_hit(id, end), called for each
//     hit with the expression's id and its end offset.
// A database handed in must outlive the Matcher (the scratch is grown once per database).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
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

  // Any block-mode database: on_hit(id, end) for every hit in `data` (end relative to
  // data[0]).
  template <class OnHit>
  Status scan_block(const hs_database_t* db, std::string_view data, OnHit&& on_hit) {
    return block(db, data, Hits::to(on_hit));
  }
  // Any stream-mode database: opens a stream (closing the open one, if any, without
  // reporting what it still held); feed and close report through on_hit(id, end), end
  // counted from the stream start.
  Status stream_open(const hs_database_t* db);
  template <class OnHit> Status stream_feed(std::string_view slice, OnHit&& on_hit) {
    return feed(slice, Hits::to(on_hit));
  }
  template <class OnHit> Status stream_close(OnHit&& on_hit) {
    return close(Hits::to(on_hit));
  }
  // Closes the open stream, if any, reporting nothing.
  void stream_drop() { stream_.reset(); }

private:
  // Where Hyperscan reports: a handler and its context.
  struct Hits {
    match_event_handler handler;
    void* ctx;
    template <class F> static Hits to(F& f) {
      return {[](unsigned id, unsigned long long /*from*/, unsigned long long end,
                 unsigned /*flags*/, void* context) {
                (*static_cast<F*>(context))(id, static_cast<std::uint64_t>(end));
                return 0;
              },
              const_cast<void*>(static_cast<const void*>(&f))};
    }
  };
  Status ensure_scratch(const hs_database_t* db);
  Status block(const hs_database_t* db, std::string_view data, Hits hits);
  Status feed(std::string_view slice, Hits hits);
  Status close(Hits hits);

  std::shared_ptr<const CompiledRules> rules_;
  HsScratch scratch_;
  std::vector<const hs_database_t*> grown_; // the databases scratch_ serves
  HsStream stream_;
  std::string spare_; // copies of buffers Hyperscan could read past (hs_input.h)
};

} // namespace keysift::scanner
