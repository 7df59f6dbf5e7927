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

// The platform the last compile() was asked for.
hs_platform_info_t compiled_for{};

Result<HsDatabase> compile(const DbSpec& spec, int& calls,
                           const hs_platform_info_t* platform) {
  ++calls;
  compiled_for = platform ? *platform : hs_platform_info_t{};
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(spec.expressions.data(), spec.flags.data(), spec.ids.data(), 1,
                       spec.mode, platform, &db, &err) != HS_SUCCESS) {
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

hs_platform_info_t host_platform() {
  hs_platform_info_t p{};
  REQUIRE(hs_populate_platform(&p) == HS_SUCCESS);
  return p;
}

hs_platform_info_t generic_platform() {
  hs_platform_info_t p{};
  p.tune = HS_TUNE_FAMILY_GENERIC;
  return p;
}

std::string entry_name(const DbSpec& spec, const hs_platform_info_t& platform) {
  return "hsdb-" + db_cache_key(spec, platform) + ".bin";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
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
  auto build = [&](const hs_platform_info_t* p) { return compile(spec, calls, p); };
  auto first = cached_database(dir.path.string(), spec, build);
  REQUIRE(first);
  CHECK(calls == 1);
  auto second = cached_database(dir.path.string(), spec, build);
  REQUIRE(second);
  CHECK(calls == 1); // from the cache
  CHECK(matches(second->get(), "a tok_abcd b tok_wxyz") == 2);

  const fs::path entry = dir.path / entry_name(spec, host_platform());
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

TEST_CASE("the key covers expressions, flags, ids, mode and the platform") {
  const hs_platform_info_t host = host_platform();
  const DbSpec a = spec_of("a+b");
  DbSpec b = a;
  CHECK(db_cache_key(a, host) == db_cache_key(b, host));
  b.flags[0] |= HS_FLAG_CASELESS;
  CHECK(db_cache_key(a, host) != db_cache_key(b, host));
  CHECK(cache_key(a) != cache_key(b));
  b = a;
  b.ids[0] = 8;
  CHECK(db_cache_key(a, host) != db_cache_key(b, host));
  b = a;
  b.mode = HS_MODE_STREAM;
  CHECK(db_cache_key(a, host) != db_cache_key(b, host));
  CHECK(db_cache_key(spec_of("a+c"), host) != db_cache_key(a, host));

  hs_platform_info_t other = host;
  other.cpu_features ^= HS_CPU_FEATURES_AVX2;
  CHECK(db_cache_key(a, host) != db_cache_key(a, other));
  other = host;
  other.tune =
      host.tune == HS_TUNE_FAMILY_GENERIC ? HS_TUNE_FAMILY_HSW : HS_TUNE_FAMILY_GENERIC;
  CHECK(db_cache_key(a, host) != db_cache_key(a, other));
  // What does not depend on the CPU has one key everywhere, unlike a database.
  CHECK(cache_key(a) != db_cache_key(a, host));
  CHECK(cache_key(a) != db_cache_key(a, generic_platform()));
}

TEST_CASE("an empty directory means no cache") {
  const DbSpec spec = spec_of("x+y");
  int calls = 0;
  auto build = [&](const hs_platform_info_t* p) { return compile(spec, calls, p); };
  REQUIRE(cached_database("", spec, build));
  REQUIRE(cached_database("", spec, build));
  CHECK(calls == 2);
  CHECK(!read_cache_entry("", entry_name(spec, host_platform()), 1 << 20));
}

TEST_CASE("the cache keeps only the newest entries") {
  TempDir dir;
  int calls = 0;
  for (std::size_t i = 0; i < db_cache_entries + 4; ++i) {
    const std::string pattern = "k" + std::to_string(i) + "_[a-z]+";
    const DbSpec spec = spec_of(pattern.c_str());
    REQUIRE(cached_database(dir.path.string(), spec, [&](const hs_platform_info_t* p) {
      return compile(spec, calls, p);
    }));
  }
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path))
    entries += e.path().extension() == ".bin";
  CHECK(entries == db_cache_entries);
}

TEST_CASE("a seeded entry is used before the directory and never written to it") {
  const DbSpec spec = spec_of("seed_[0-9]{3}");
  const std::string name = entry_name(spec, host_platform());
  std::string bytes;
  {
    TempDir maker;
    int calls = 0;
    REQUIRE(cached_database(maker.path.string(), spec, [&](const hs_platform_info_t* p) {
      return compile(spec, calls, p);
    }));
    bytes = read_file(maker.path / name);
  }
  REQUIRE(!bytes.empty());
  TempDir dir;
  int calls = 0;
  // A lookup with `entry` as the only seed entry (the seed is cleared before returning).
  auto lookup = [&](std::string_view entry, std::string_view data,
                    const std::string& where) {
    const CacheSeed seed[] = {{entry, data}};
    set_cache_seed(seed);
    auto db = cached_database(
        where, spec, [&](const hs_platform_info_t* p) { return compile(spec, calls, p); });
    set_cache_seed({});
    return db;
  };
  SUBCASE("a matching seed entry: no compile, nothing stored") {
    auto db = lookup(name, bytes, dir.path.string());
    REQUIRE(db);
    CHECK(calls == 0);
    CHECK(matches(db->get(), "seed_123 seed_456") == 2);
    CHECK(!fs::exists(dir.path / name));
  }
  SUBCASE("without a directory (no HOME) the seed is still read") {
    auto db = lookup(name, bytes, "");
    REQUIRE(db);
    CHECK(calls == 0);
  }
  SUBCASE("a damaged seed entry falls back to compiling") {
    std::string damaged = bytes;
    damaged[damaged.size() - 10] ^= 0x5a;
    REQUIRE(lookup(name, damaged, dir.path.string()));
    CHECK(calls == 1);
  }
  SUBCASE("another name is not this entry") {
    REQUIRE(lookup("hsdb-0000.bin", bytes, dir.path.string()));
    CHECK(calls == 1);
  }
}

TEST_CASE("a binary on another CPU uses the seed's generic database instead of compiling") {
  const DbSpec spec = spec_of("gen_[0-9]{3}");
  const hs_platform_info_t generic = generic_platform();
  const std::string name = entry_name(spec, generic);
  std::string bytes;
  int calls = 0;
  auto build = [&](const hs_platform_info_t* p) { return compile(spec, calls, p); };
  {
    // How cli/seed/seedgen.cpp makes the entry: the generic target, compiled and stored.
    TempDir maker;
    set_db_target(DbTarget::generic);
    auto db = cached_database(maker.path.string(), spec, build);
    set_db_target(DbTarget::host);
    REQUIRE(db);
    CHECK(calls == 1);
    CHECK(compiled_for.cpu_features == 0);
    CHECK(compiled_for.tune == HS_TUNE_FAMILY_GENERIC);
    bytes = read_file(maker.path / name);
  }
  REQUIRE(!bytes.empty());
  TempDir dir;
  calls = 0;
  SUBCASE("no entry for this CPU, the generic one in the seed: used, nothing compiled") {
    const CacheSeed seed[] = {{name, bytes}};
    set_cache_seed(seed);
    auto db = cached_database(dir.path.string(), spec, build);
    set_cache_seed({});
    REQUIRE(db);
    CHECK(calls == 0);
    CHECK(matches(db->get(), "gen_123 gen_456") == 2);
  }
  SUBCASE("a generic entry in the directory is not the seed: this CPU's is compiled") {
    fs::create_directories(dir.path);
    std::ofstream(dir.path / name, std::ios::binary) << bytes;
    REQUIRE(fs::file_size(dir.path / name) == bytes.size());
    REQUIRE(cached_database(dir.path.string(), spec, build));
    CHECK(calls == 1);
    const hs_platform_info_t host = host_platform();
    CHECK(compiled_for.cpu_features == host.cpu_features);
    CHECK(fs::exists(dir.path / entry_name(spec, host)));
  }
}
