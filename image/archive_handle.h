// RAII owner of a libarchive read handle. Only scanner/sources sees libarchive.
#pragma once

#include <memory>
#include <string>

#include <archive.h>

namespace keysift::image {

struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;

// A reader for tar data in any compression libarchive knows (gzip, zstd, xz, …).
inline ArchiveReader new_tar_reader() {
  ArchiveReader a(archive_read_new());
  if (a) {
    archive_read_support_filter_all(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
  }
  return a;
}

// libarchive's last error message, or `fallback`.
inline std::string archive_message(archive* a, const char* fallback) {
  const char* m = a ? archive_error_string(a) : nullptr;
  return m ? std::string(m) : std::string(fallback);
}

} // namespace keysift::image
