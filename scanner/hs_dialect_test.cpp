#include "scanner/hs_dialect.h"

#include <doctest/doctest.h>

#include <hs/hs.h>
#include <re2/re2.h>

#include <memory>
#include <string>

#include "scanner/hs_handles.h"
#include "scanner/hs_input.h"

using keysift::scanner::hs_dialect;

namespace {

struct DbFree {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct ScratchFree {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};

// Whether Hyperscan, given hs_dialect(pattern), matches the whole of `text`.
class HsWhole {
public:
  explicit HsWhole(const std::string& pattern) {
    const std::string whole = "\\A(?:" + hs_dialect(pattern) + ")\\z";
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    const bool built = hs_compile(whole.c_str(), HS_FLAG_SINGLEMATCH, HS_MODE_BLOCK,
                                  nullptr, &db, &err) == HS_SUCCESS;
    keysift::scanner::HsCompileError owned(err);
    REQUIRE_MESSAGE(built, whole);
    db_.reset(db);
    hs_scratch_t* s = nullptr;
    REQUIRE(hs_alloc_scratch(db, &s) == HS_SUCCESS);
    scratch_.reset(s);
  }
  bool matches(const std::string& text) {
    bool hit = false;
    const std::string_view bytes = keysift::scanner::hs_readable(text, spare_);
    const auto on_match = [](unsigned, unsigned long long, unsigned long long, unsigned,
                             void* ctx) {
      *static_cast<bool*>(ctx) = true;
      return 0;
    };
    REQUIRE(hs_scan(db_.get(), bytes.data(), static_cast<unsigned>(bytes.size()), 0,
                    scratch_.get(), on_match, &hit) == HS_SUCCESS);
    return hit;
  }

private:
  std::unique_ptr<hs_database_t, DbFree> db_;
  std::unique_ptr<hs_scratch_t, ScratchFree> scratch_;
  std::string spare_;
};

// Every byte, alone and between two letters: RE2 and Hyperscan agree on each.
void same_on_every_byte(const std::string& pattern) {
  RE2::Options opt;
  opt.set_encoding(RE2::Options::EncodingLatin1);
  const RE2 re(pattern, opt);
  REQUIRE(re.ok());
  HsWhole hs(pattern);
  for (int b = 0; b < 256; ++b) {
    const std::string text(1, static_cast<char>(b));
    INFO("pattern " << pattern << ", byte " << b);
    CHECK(RE2::FullMatch(text, re) == hs.matches(text));
  }
}

} // namespace

TEST_CASE("hs_dialect: \\s, \\S and \\v mean to Hyperscan what they mean to RE2") {
  for (const char* p :
       {"\\s", "\\S", "\\v", "[\\s]", "[^\\s]", "[\\S]", "[^\\S]", "[a\\s]", "[^\\s\"']",
        "[]\\s]", "[^]\\S]", "[[:alpha:]\\s]", "[\\v]", "[^\\v]", "(?i)[\\sK]", "[\\[\\s]"})
    same_on_every_byte(p);
}

TEST_CASE("hs_dialect: what it leaves alone") {
  CHECK(hs_dialect("abc_[A-Za-z0-9]{20}\\b") == "abc_[A-Za-z0-9]{20}\\b");
  CHECK(hs_dialect("\\\\s") == "\\\\s"); // an escaped backslash, then 's'
  CHECK(hs_dialect("\\Q\\s\\E\\s") == "\\Q\\s\\E[\\t\\n\\f\\r\\x20]");
  CHECK(hs_dialect("[[:space:]]") == "[[:space:]]"); // both engines: with \v
  CHECK(hs_dialect("x\\") == "x\\");                 // both engines reject it
  same_on_every_byte("[[:space:]]");
  same_on_every_byte("\\Q\\s\\E|\\d");
}
