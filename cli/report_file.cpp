#include "cli/report_file.h"

#include <cerrno>
#include <cstdlib>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/errno_text.h"

namespace keysift::cli {

// An output buffer over a file descriptor; a write error sticks (the stream goes bad).
class ReportFile::Buf final : public std::streambuf {
public:
  explicit Buf(int fd) : fd_(fd), buf_(64u << 10) {
    setp(buf_.data(), buf_.data() + buf_.size());
  }
  int error() const { return error_; }

protected:
  int_type overflow(int_type c) override {
    if (drain() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain(); }

private:
  int drain() {
    const char* p = pbase();
    while (p < pptr() && error_ == 0) {
      const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
      if (n > 0)
        p += n;
      else if (n < 0 && errno != EINTR)
        error_ = errno;
    }
    setp(buf_.data(), buf_.data() + buf_.size());
    return error_ == 0 ? 0 : -1;
  }

  int fd_;
  std::vector<char> buf_;
  int error_ = 0;
};

ReportFile::ReportFile(std::string path, std::string temp, int fd)
    : path_(std::move(path)), temp_(std::move(temp)), fd_(fd),
      buf_(std::make_unique<Buf>(fd)), out_(buf_.get()) {}

ReportFile::~ReportFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

Result<std::unique_ptr<ReportFile>> ReportFile::create(const std::string& path) {
  struct stat sb {};
  if (::stat(path.c_str(), &sb) == 0 && !S_ISREG(sb.st_mode)) {
    // A device, a FIFO or a directory: never replaced by a rename.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | O_TRUNC);
    if (fd < 0)
      return Status::error(path + ": cannot open for writing: " + errno_text(errno));
    return std::unique_ptr<ReportFile>(new ReportFile(path, "", fd));
  }
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = dir + "." + base + ".keysift-XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC); // mode 0600
  if (fd < 0)
    return Status::error(path + ": cannot open for writing: " + errno_text(errno));
  return std::unique_ptr<ReportFile>(new ReportFile(path, temp, fd));
}

Status ReportFile::commit() {
  out_.flush();
  if (!out_ || buf_->error() != 0)
    return Status::error(
        path_ + ": write failed: " + errno_text(buf_->error() != 0 ? buf_->error() : EIO));
  if (temp_.empty()) return Status::ok();
  if (::fsync(fd_) != 0) return Status::error(path_ + ": " + errno_text(errno));
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    return Status::error(path_ + ": cannot write the report: " + errno_text(errno));
  committed_ = true;
  return Status::ok();
}

} // namespace keysift::cli
