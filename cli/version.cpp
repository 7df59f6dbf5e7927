#include "cli/version.h"

#include <archive.h>
#include <fmt/core.h>
#include <git2/common.h>
#include <hs/hs.h>
#include <zlib.h>
#include <zstd.h>

#include "rules/builtin.h"

namespace keysift::cli {

std::string version_text() {
  auto set = rules::load_builtin();
  const std::string pack =
      set ? fmt::format("{} rules, pack {}", set->rules.size(), rules::builtin_pack_id())
          : "unreadable: " + set.error();
  int major = 0, minor = 0, rev = 0;
  git_libgit2_version(&major, &minor, &rev);
  return fmt::format("keysift {}\n"
                     "rules: built-in, {}\n"
                     "Hyperscan {}\n"
                     "RE2 {}\n"
                     "libgit2 {}.{}.{}\n"
                     "{}, zlib {}, zstd {}\n"
                     "build: {}",
                     KEYSIFT_VERSION, pack, hs_version(), KEYSIFT_RE2_VERSION, major, minor,
                     rev, archive_version_string(), zlibVersion(), ZSTD_versionString(),
                     KEYSIFT_BUILD_KIND);
}

} // namespace keysift::cli
