#include "fuzz/fuzz_support.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

#include "rules/loader.h"

namespace keysift::fuzz {

void check(bool ok, const char* what) {
  if (ok) return;
  (void)std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

namespace {

// Synthetic rules: none of these formats belongs to a real provider.
constexpr const char* kRules = R"(
[[rules]]
id = "fz-token"
description = "line-local token"
regex = '''\b(?P<secret>fzt_[A-Za-z0-9]{20})\b'''
examples = ["fzt_a1B2c3D4e5F6g7H8i9J0"]

[[rules]]
id = "fz-block"
description = "multi-line block"
regex = '''-----BEGIN FZ-----\n(?P<secret>[A-Za-z0-9+/=\n]{10,400})-----END FZ-----'''
examples = ["-----BEGIN FZ-----\nAAAAbbbbCCCCdddd\n-----END FZ-----"]

[[rules]]
id = "fz-keyword"
description = "keyword and entropy"
regex = '''(?i)fzpass(?:word)?[ \t]{0,4}[:=][ \t]{0,4}["']?(?P<secret>[^\s"']{8,64})'''
keywords = ["fzpass"]
min_entropy = 2.5
tags = ["generic"]
examples = ["fzpassword = 'Xy7#kLm2Qp9z'"] # keysift:allow (synthetic)
[[rules.allowlists]]
stopwords = ["example"]
regexes = ['''^\$\{''']

[[rules]]
id = "fz-prefiltered"
description = "prefiltered"
regex = '''fzkey[ \t]{0,8}(?P<secret>[A-F0-9]{16,32})'''
prefilter = '''fzkey'''
examples = ["fzkey 0123456789ABCDEF0123"]

[[rules]]
id = "fz-checksum"
description = "checksummed token"
regex = '''\b(?P<secret>fzc_[A-Za-z0-9]{36})\b'''
validate = "base62-crc32"
examples = ["fzc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1lsh0L"]
)";

} // namespace

std::shared_ptr<const scanner::CompiledRules> fuzz_rules() {
  static const std::shared_ptr<const scanner::CompiledRules> rules = [] {
    auto set = rules::parse_rules(kRules, "fuzz_rules.toml");
    check(set.is_ok(), "the fuzz rules parse");
    auto compiled = scanner::CompiledRules::compile(std::move(set).value(), {});
    if (!compiled) (void)std::fprintf(stderr, "%s\n", compiled.error().c_str());
    check(compiled.is_ok(), "the fuzz rules compile");
    return compiled.value();
  }();
  return rules;
}

Result<std::size_t> MemoryReader::read(char* out, std::size_t n) {
  const std::size_t k = std::min({n, step_, bytes_.size() - at_});
  std::memcpy(out, bytes_.data() + at_, k);
  at_ += k;
  return k;
}

GuardedBytes::~GuardedBytes() {
  if (map_) munmap(map_, usable_ + static_cast<std::size_t>(sysconf(_SC_PAGESIZE)));
}

std::string_view GuardedBytes::put(std::string_view bytes) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  if (!map_ || bytes.size() > usable_) { // an empty input gets a mapping too
    if (map_) munmap(map_, usable_ + page);
    usable_ = std::max(page, (bytes.size() + page - 1) / page * page);
    void* m = mmap(nullptr, usable_ + page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(m != MAP_FAILED, "a guarded buffer is mapped");
    map_ = static_cast<char*>(m);
    check(mprotect(map_ + usable_, page, PROT_NONE) == 0, "a guard page is set");
  }
  char* at = map_ + usable_ - bytes.size();
  if (!bytes.empty()) std::memcpy(at, bytes.data(), bytes.size());
  return {at, bytes.size()};
}

} // namespace keysift::fuzz
