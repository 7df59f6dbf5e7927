#include "scanner/db_cache.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <utility>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#include "codec/byte_reader.h"
#include "codec/sha256.h"

namespace keysift::scanner {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view magic = "KSHSDB2\n";
constexpr std::size_t hex_len = 64;
constexpr std::size_t header_len = magic.size() + hex_len + 16 + 16;
constexpr std::size_t max_entry = std::size_t{512} << 20;

std::string size_hex(std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, n >>= 4) out[static_cast<std::size_t>(i)] = digits[n & 15];
  return out;
}

// CRC-32 of the payload: catches a damaged entry (the key already names its content).
std::string checksum(std::string_view payload) {
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t at = 0; at < payload.size(); at += 1u << 30) {
    const auto n = static_cast<uInt>(std::min<std::size_t>(payload.size() - at, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(payload.data() + at), n);
  }
  return size_hex(crc);
}

std::string entry_name(const std::string& key) {
  return "hsdb-" + key + ".bin";
}

// The database stored under `key` (the seed's, else the directory's), or none.
HsDatabase load(const std::string& dir, const std::string& key) {
  const auto read = read_cache_entry(dir, entry_name(key), max_entry);
  if (!read || read->bytes().size() < header_len) return {};
  const std::string_view bytes = read->bytes();
  std::string_view view = bytes;
  if (view.substr(0, magic.size()) != magic) return {};
  view.remove_prefix(magic.size());
  if (view.substr(0, hex_len) != key) return {};
  view.remove_prefix(hex_len);
  const std::string_view size = view.substr(0, 16), sum = view.substr(16, 16);
  const std::string_view payload = bytes.substr(header_len);
  if (size != size_hex(payload.size()) || sum != checksum(payload)) return {};
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(payload.data(), payload.size(), &db) != HS_SUCCESS) return {};
  return HsDatabase(db);
}

// Keeps the newest `db_cache_entries` entries: every change of the rules (an upgrade, an
// edited .keysift.toml) writes a new one, and old ones would pile up.
// Databases (hsdb-*.bin) and rule analyses (analysis-*.txt) are counted apart.
void prune(const std::string& dir, std::string_view prefix, std::string_view extension) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0 || it->path().extension() != extension) continue;
    std::error_code tec;
    const auto when = it->last_write_time(tec);
    if (!tec) entries.emplace_back(when, it->path());
  }
  if (entries.size() <= db_cache_entries) return;
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = db_cache_entries; i < entries.size(); ++i)
    fs::remove(entries[i].second, ec);
}

void store(const std::string& dir, const std::string& key, const hs_database_t* db) {
  char* raw = nullptr;
  std::size_t len = 0;
  if (hs_serialize_database(db, &raw, &len) != HS_SUCCESS) return;
  const std::string payload(raw, len);
  std::free(raw);
  std::string entry;
  entry.reserve(header_len + payload.size());
  entry.append(magic).append(key).append(size_hex(payload.size()));
  entry.append(checksum(payload)).append(payload);
  store_cache_entry(dir, entry_name(key), entry);
}

// The platform every x86-64 CPU Hyperscan runs on can load a database for.
hs_platform_info_t generic_platform() {
  hs_platform_info_t p{};
  p.tune = HS_TUNE_FAMILY_GENERIC;
  p.cpu_features = 0;
  return p;
}

std::string hash_spec(const DbSpec& spec, const hs_platform_info_t* platform) {
  codec::Sha256 h;
  auto field = [&](std::string_view s) {
    h.update(size_hex(s.size()));
    h.update(s);
  };
  field("keysift-hsdb-1");
  field(hs_version());
  if (platform) {
    field(std::to_string(platform->tune));
    field(std::to_string(platform->cpu_features));
  }
  field(std::to_string(spec.mode));
  field(spec.salt);
  for (std::size_t i = 0; i < spec.expressions.size(); ++i) {
    field(spec.expressions[i]);
    field(std::to_string(spec.flags[i]));
    field(std::to_string(spec.ids[i]));
  }
  return h.hex();
}

DbTarget target = DbTarget::host;
std::span<const CacheSeed> seed;

} // namespace

void set_cache_seed(std::span<const CacheSeed> entries) {
  seed = entries;
}

void set_db_target(DbTarget t) {
  target = t;
}

std::optional<CacheEntry> read_cache_entry(const std::string& dir, const std::string& name,
                                           std::uintmax_t max_size) {
  for (const CacheSeed& e : seed)
    if (e.name == name) return CacheEntry{{}, e.bytes, true};
  if (dir.empty()) return std::nullopt;
  auto bytes = codec::read_small_file((fs::path(dir) / name).string(), max_size);
  if (!bytes) return std::nullopt;
  return CacheEntry{std::move(*bytes), {}, false};
}

void store_cache_entry(const std::string& dir, const std::string& name,
                       std::string_view bytes) {
  if (dir.empty()) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return;
  std::random_device rd;
  fs::path path = fs::path(dir) / name, tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rd());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      fs::remove(tmp, ec);
      return;
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) fs::remove(tmp, ec);
  prune(dir, "hsdb-", ".bin");
  prune(dir, "analysis-", ".txt");
}

std::string cache_key(const DbSpec& spec) {
  return hash_spec(spec, nullptr);
}

std::string db_cache_key(const DbSpec& spec, const hs_platform_info_t& platform) {
  return hash_spec(spec, &platform);
}

Result<HsDatabase> cached_database(const std::string& dir, const DbSpec& spec,
                                   const DbCompile& compile) {
  hs_platform_info_t host{};
  if (hs_valid_platform() != HS_SUCCESS || hs_populate_platform(&host) != HS_SUCCESS)
    return compile(nullptr);
  const hs_platform_info_t generic = generic_platform();
  const hs_platform_info_t& platform = target == DbTarget::generic ? generic : host;
  const std::string key = db_cache_key(spec, platform);
  if (HsDatabase db = load(dir, key)) return db;
  // A binary on another CPU than the one that built it: the seed's generic database
  // loads on any CPU, so a run starts at once instead of compiling.
  if (target == DbTarget::host)
    if (HsDatabase db = load("", db_cache_key(spec, generic))) return db;
  auto db = compile(&platform);
  if (db) store(dir, key, db->get());
  return db;
}

} // namespace keysift::scanner
