// ReportFile: where `-o FILE` reports go. The report is written to a new file created
// with mode 0600 beside FILE (".FILE.keysift-XXXXXX") and renamed onto FILE only by
// commit(), once it is complete: a report that holds secrets (--show-secrets) is never
// readable by other users, and an interrupted or failed run never leaves a
// complete-looking report (at most the hidden temporary file, removed when the
// ReportFile is destroyed uncommitted). A FILE that exists and is not a regular file
// (/dev/stdout, a FIFO, /dev/null) is written directly. One thread; not copyable.
#pragma once

#include <memory>
#include <ostream>
#include <streambuf>
#include <string>

#include "rules/status.h"

namespace keysift::cli {

class ReportFile {
public:
  // Creates the temporary file (or opens a non-regular FILE); an error says why not.
  static Result<std::unique_ptr<ReportFile>> create(const std::string& path);
  ~ReportFile();
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;

  std::ostream& stream() { return out_; }
  // Flushes, syncs and renames the temporary file onto the destination.
  Status commit();

private:
  class Buf;
  ReportFile(std::string path, std::string temp, int fd);

  std::string path_, temp_; // temp_ empty: writing directly to path_
  int fd_;
  std::unique_ptr<Buf> buf_;
  std::ostream out_;
  bool committed_ = false;
};

} // namespace keysift::cli
