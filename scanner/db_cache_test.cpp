#include "scanner/db_cache.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <doctest/doctest.h>

using namespace keysift;
using namespace keysift::scanner;
namespace fs = std::filesystem;

namespace {

DbSpec spec_of(const char* pattern) {
  DbSpec spec;
  spec.expressions = {pattern};
  spec.flags = {HS_FLAG_MULTILINE};
  spec.ids = {7};
  spec.mode = HS_MODE_BLOCK;
  return spec;
}

Result<HsDatabase> compile(const DbSpec& spec, int& calls) {
  ++calls;
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(spec.expressions.data(), spec.flags.data(), spec.ids.data(), 1,
                       spec.mode, nullptr, &db, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return Status::error("compile failed");
  }
  return HsDatabase(db);
}

int on_match(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
  ++*static_cast<int*>(ctx);
  return 0;
}

int matches(const hs_database_t* db, std::string_view text) {
  hs_scratch_t* raw = nullptr;
  REQUIRE(hs_alloc_scratch(db, &raw) == HS_SUCCESS);
  HsScratch scratch(raw);
  int n = 0;
  REQUIRE(hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(),
                  on_match, &n) == HS_SUCCESS);
  return n;
}

struct TempDir {
  fs::path path =
      fs::temp_directory_path() / ("keysift-dbcache-" + std::to_string(::getpid()));
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("the database cache reuses an entry and never trusts a damaged one") {
  TempDir dir;
  const DbSpec spec = spec_of("tok_[a-z]{4}");
  int calls = 0;
  auto build = [&] { return compile(spec, calls); };
  auto first = cached_database(dir.path.string(), spec, build);
  REQUIRE(first);
  CHECK(calls == 1);
  auto second = cached_database(dir.path.string(), spec, build);
  REQUIRE(second);
  CHECK(calls == 1); // from the cache
  CHECK(matches(second->get(), "a tok_abcd b tok_wxyz") == 2);

  const fs::path entry = dir.path / ("hsdb-" + db_cache_key(spec) + ".bin");
  REQUIRE(fs::exists(entry));
  SUBCASE("a flipped byte falls back to compiling") {
    std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(entry) - 10));
    f.put('\x5a');
  }
  SUBCASE("a truncated entry falls back to compiling") {
    fs::resize_file(entry, fs::file_size(entry) / 2);
  }
  SUBCASE("garbage falls back to compiling") {
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << "not a database";
  }
  auto again = cached_database(dir.path.string(), spec, build);
  REQUIRE(again);
  CHECK(calls == 2);
  CHECK(matches(again->get(), "tok_abcd") == 1);
}

TEST_CASE("the key covers expressions, flags, ids and mode") {
  const DbSpec a = spec_of("a+b");
  DbSpec b = a;
  CHECK(db_cache_key(a) == db_cache_key(b));
  b.flags[0] |= HS_FLAG_CASELESS;
  CHECK(db_cache_key(a) != db_cache_key(b));
  b = a;
  b.ids[0] = 8;
  CHECK(db_cache_key(a) != db_cache_key(b));
  b = a;
  b.mode = HS_MODE_STREAM;
  CHECK(db_cache_key(a) != db_cache_key(b));
  CHECK(db_cache_key(spec_of("a+c")) != db_cache_key(a));
}

TEST_CASE("an empty directory means no cache") {
  const DbSpec spec = spec_of("x+y");
  int calls = 0;
  auto build = [&] { return compile(spec, calls); };
  REQUIRE(cached_database("", spec, build));
  REQUIRE(cached_database("", spec, build));
  CHECK(calls == 2);
}

TEST_CASE("the cache keeps only the newest entries") {
  TempDir dir;
  int calls = 0;
  for (std::size_t i = 0; i < db_cache_entries + 4; ++i) {
    const std::string pattern = "k" + std::to_string(i) + "_[a-z]+";
    const DbSpec spec = spec_of(pattern.c_str());
    REQUIRE(cached_database(dir.path.string(), spec, [&] { return compile(spec, calls); }));
  }
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path))
    entries += e.path().extension() == ".bin";
  CHECK(entries == db_cache_entries);
}

TEST_CASE("a seeded entry is used before the directory and never written to it") {
  const DbSpec spec = spec_of("seed_[0-9]{3}");
  const std::string name = "hsdb-" + db_cache_key(spec) + ".bin";
  std::string bytes;
  {
    TempDir maker;
    int calls = 0;
    REQUIRE(
        cached_database(maker.path.string(), spec, [&] { return compile(spec, calls); }));
    std::ifstream in(maker.path / name, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  REQUIRE(!bytes.empty());
  TempDir dir;
  int calls = 0;
  // A lookup with `entry` as the only seed entry (the seed is cleared before returning).
  auto lookup = [&](std::string_view entry, std::string_view data) {
    const CacheSeed seed[] = {{entry, data}};
    set_cache_seed(seed);
    auto db =
        cached_database(dir.path.string(), spec, [&] { return compile(spec, calls); });
    set_cache_seed({});
    return db;
  };
  SUBCASE("a matching seed entry: no compile, nothing stored") {
    auto db = lookup(name, bytes);
    REQUIRE(db);
    CHECK(calls == 0);
    CHECK(matches(db->get(), "seed_123 seed_456") == 2);
    CHECK(!fs::exists(dir.path / name));
  }
  SUBCASE("a damaged seed entry falls back to compiling") {
    std::string damaged = bytes;
    damaged[damaged.size() - 10] ^= 0x5a;
    REQUIRE(lookup(name, damaged));
    CHECK(calls == 1);
  }
  SUBCASE("another name is not this entry") {
    REQUIRE(lookup("hsdb-0000.bin", bytes));
    CHECK(calls == 1);
  }
}
