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

#include "scanner/byte_reader.h"
#include "scanner/sha256.h"

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

fs::path entry_path(const std::string& dir, const std::string& key) {
  return fs::path(dir) / ("hsdb-" + key + ".bin");
}

HsDatabase load(const fs::path& path, const std::string& key) {
  const auto read = read_cache_entry(path.string(), max_entry);
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

void store(const std::string& dir, const fs::path& path, const std::string& key,
           const hs_database_t* db) {
  char* raw = nullptr;
  std::size_t len = 0;
  if (hs_serialize_database(db, &raw, &len) != HS_SUCCESS) return;
  const std::string payload(raw, len);
  std::free(raw);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return;
  std::random_device rd;
  fs::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rd());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << magic << key << size_hex(payload.size()) << checksum(payload) << payload;
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

std::span<const CacheSeed> seed;

} // namespace

void set_cache_seed(std::span<const CacheSeed> entries) {
  seed = entries;
}

std::optional<CacheEntry> read_cache_entry(const std::string& path,
                                           std::uintmax_t max_size) {
  const std::string name = fs::path(path).filename().string();
  for (const CacheSeed& e : seed)
    if (e.name == name) return CacheEntry{{}, e.bytes, true};
  auto bytes = read_small_file(path, max_size);
  if (!bytes) return std::nullopt;
  return CacheEntry{std::move(*bytes), {}, false};
}

std::string db_cache_key(const DbSpec& spec) {
  Sha256 h;
  auto field = [&](std::string_view s) {
    h.update(size_hex(s.size()));
    h.update(s);
  };
  field("keysift-hsdb-1");
  field(hs_version());
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    field(std::to_string(platform.tune));
    field(std::to_string(platform.cpu_features));
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

Result<HsDatabase> cached_database(const std::string& dir, const DbSpec& spec,
                                   const std::function<Result<HsDatabase>()>& compile) {
  if (dir.empty() || hs_valid_platform() != HS_SUCCESS) return compile();
  const std::string key = db_cache_key(spec);
  const fs::path path = entry_path(dir, key);
  if (HsDatabase db = load(path, key)) return db;
  auto db = compile();
  if (db) store(dir, path, key, db->get());
  return db;
}

} // namespace keysift::scanner
