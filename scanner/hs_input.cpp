#include "scanner/hs_input.h"

#include <cstdint>
#include <cstring>

#include <unistd.h>

namespace keysift::scanner {
namespace {

std::uintptr_t page_size() {
  static const auto page = [] {
    const long n = sysconf(_SC_PAGESIZE);
    return n > 0 ? static_cast<std::uintptr_t>(n) : std::uintptr_t{4096};
  }();
  return page;
}

} // namespace

std::string_view hs_readable(std::string_view data, std::string& spare) {
  if (data.empty()) return data;
  const auto last = reinterpret_cast<std::uintptr_t>(data.data()) + data.size() - 1;
  const std::uintptr_t room = (last | (page_size() - 1)) - last; // bytes after, same page
  if (room >= kHsOverread) return data;
  spare.resize(data.size() + kHsOverread);
  std::memcpy(spare.data(), data.data(), data.size());
  std::memset(spare.data() + data.size(), 0, kHsOverread);
  return {spare.data(), data.size()};
}

void hs_release_spare(std::string& spare) {
  if (spare.capacity() > (std::size_t{1} << 20)) std::string().swap(spare);
}

} // namespace keysift::scanner
