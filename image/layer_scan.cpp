#include "image/layer_scan.h"

#include <future>

#include <archive_entry.h>

#include "image/archive_handle.h"
#include "scanner/finding.h"
#include "scanner/sha256.h"

namespace keysift::image {
namespace {

// Feeds libarchive from the blob, hashing and counting the raw bytes as they pass.
struct BlobInput {
  scanner::ByteReader& blob;
  scanner::Sha256 hash;
  std::uint64_t raw = 0;
  std::string buf = std::string(256u << 10, '\0');
  std::string error;
  bool at_end = false;

  static la_ssize_t read_cb(archive*, void* self, const void** out) {
    auto& in = *static_cast<BlobInput*>(self);
    auto n = in.blob.read(in.buf.data(), in.buf.size());
    if (!n) {
      in.error = n.error();
      return -1;
    }
    in.at_end = *n == 0;
    in.hash.update(std::string_view(in.buf.data(), *n));
    in.raw += *n;
    *out = in.buf.data();
    return static_cast<la_ssize_t>(*n);
  }
  // Reads what libarchive left after the end of the tar, so the hash covers the blob.
  Status drain() {
    while (!at_end) {
      const void* ignored = nullptr;
      if (read_cb(nullptr, this, &ignored) < 0) return Status::error(error);
    }
    return Status::ok();
  }
};

// Stops a layer whose expansion passes the limits (a decompression bomb).
struct Expansion {
  archive* a;
  const BlobInput& in;
  const LayerLimits& limits;

  Status check() const {
    const auto out = static_cast<std::uint64_t>(archive_filter_bytes(a, 0));
    if (out > limits.max_bytes)
      return Status::error("layer expands beyond " + std::to_string(limits.max_bytes) +
                               " bytes: stopped (decompression bomb?)",
                           scanner::gap::limit);
    if (out > limits.ratio_floor &&
        out / std::max<std::uint64_t>(in.raw, 1) > limits.max_ratio)
      return Status::error("layer expands more than " + std::to_string(limits.max_ratio) +
                               "x: stopped (decompression bomb?)",
                           scanner::gap::limit);
    return Status::ok();
  }
};

// A large file of the layer, lent to a worker. Destroying it (the worker is done, or the
// chunk was dropped) releases the source thread waiting on done().
class EntryReader final : public scanner::ByteReader {
public:
  EntryReader(archive* a, const Expansion& expansion) : a_(a), expansion_(expansion) {}
  ~EntryReader() override { done_.set_value(); }
  EntryReader(const EntryReader&) = delete;
  EntryReader& operator=(const EntryReader&) = delete;
  std::future<void> done() { return done_.get_future(); }
  Result<std::size_t> read(char* out, std::size_t n) override {
    if (auto st = expansion_.check(); !st) return st;
    const la_ssize_t r = archive_read_data(a_, out, n);
    if (r < 0)
      return Status::error(archive_message(a_, "cannot read the layer"),
                           scanner::gap::corrupt);
    return static_cast<std::size_t>(r);
  }

private:
  archive* a_;
  const Expansion& expansion_;
  std::promise<void> done_;
};

Result<std::string> read_entry(archive* a, const Expansion& expansion, std::size_t size) {
  std::string data;
  data.reserve(size);
  char buf[64 << 10];
  for (;;) {
    if (auto st = expansion.check(); !st) return st;
    const la_ssize_t r = archive_read_data(a, buf, sizeof buf);
    if (r < 0)
      return Status::error(archive_message(a, "cannot read the layer"),
                           scanner::gap::corrupt);
    if (r == 0) return data;
    data.append(buf, static_cast<std::size_t>(r));
  }
}

// Compares the blob's hash with what the manifest (or the config) says it must be.
Status verify(archive* a, BlobInput& in, const LayerJob& job) {
  if (auto st = in.drain(); !st) return st;
  const std::string got = "sha256:" + in.hash.hex();
  if (!job.digest.empty()) {
    if (got != job.digest)
      return Status::error("digest mismatch: expected " + job.digest + ", blob is " + got,
                           scanner::gap::corrupt);
  } else if (!job.diff_id.empty() && archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE) {
    if (got != job.diff_id)
      return Status::error("digest mismatch: expected " + job.diff_id + ", layer is " + got,
                           scanner::gap::corrupt);
  }
  return Status::ok();
}

struct EntryContext {
  archive* a;
  const Expansion& expansion;
  const LayerJob& job;
  const Shadow& shadow;
  scanner::ChunkSink& sink;
};

scanner::OriginRef origin_for(const EntryContext& ctx, const std::string& path) {
  return scanner::make_origin(
      scanner::ImageOrigin{ctx.job.image, static_cast<std::uint32_t>(ctx.job.index), path,
                           !ctx.shadow.hides(path)});
}

// Pushes one regular file's bytes; a non-ok Status fails the layer.
Status push_file(const EntryContext& ctx, archive_entry* e, const std::string& path) {
  const auto size =
      static_cast<std::uint64_t>(std::max<la_int64_t>(archive_entry_size(e), 0));
  if (size == 0) return Status::ok();
  scanner::Chunk chunk;
  chunk.origin = origin_for(ctx, path);
  if (size <= ctx.job.limits.stream_threshold) {
    auto data = read_entry(ctx.a, ctx.expansion, static_cast<std::size_t>(size));
    if (!data) return Status::error(path + ": " + data.error(), data.status().kind());
    chunk.data = std::move(data).value();
    ctx.sink.push(std::move(chunk));
    return Status::ok();
  }
  auto reader = std::make_shared<EntryReader>(ctx.a, ctx.expansion);
  std::future<void> done = reader->done();
  chunk.reader = std::move(reader);
  ctx.sink.push(std::move(chunk));
  done.wait(); // the worker has finished with the archive handle
  return ctx.expansion.check();
}

Status handle_entry(const EntryContext& ctx, archive_entry* e, LayerResult& res) {
  const char* raw = archive_entry_pathname(e);
  bool escapes = false;
  const std::string path = normalize_entry_path(raw ? raw : "", escapes);
  if (escapes) res.problems.push_back(std::string("entry escapes the image root: ") + raw);
  const auto type = archive_entry_filetype(e);
  LayerEntry entry = classify_entry(path, type == AE_IFDIR);
  const bool marker =
      entry.kind == LayerEntry::Kind::whiteout || entry.kind == LayerEntry::Kind::opaque;
  if (!path.empty()) res.entries.push_back(std::move(entry));
  if (marker || type == AE_IFDIR || path.empty()) return Status::ok();
  if (type == AE_IFLNK)
    ctx.sink.skipped(path, "symlink");
  else if (type != AE_IFREG)
    ctx.sink.skipped(path, "special file");
  else if (archive_entry_hardlink(e) && archive_entry_size(e) == 0)
    ctx.sink.skipped(path, "hardlink");
  else
    return push_file(ctx, e, path);
  return Status::ok();
}

} // namespace

LayerResult scan_layer(scanner::ByteReader& blob, const LayerJob& job, const Shadow& shadow,
                       scanner::ChunkSink& sink, std::stop_token stop) {
  LayerResult res;
  BlobInput in{blob, {}, 0, std::string(256u << 10, '\0'), {}, false};
  ArchiveReader a = new_tar_reader();
  if (!a) return {{}, {}, Status::error("cannot allocate a tar reader")};
  const Expansion expansion{a.get(), in, job.limits};
  const EntryContext ctx{a.get(), expansion, job, shadow, sink};
  if (archive_read_open(a.get(), &in, nullptr, BlobInput::read_cb, nullptr) != ARCHIVE_OK) {
    res.status = in.error.empty() ? Status::error(archive_message(a.get(), "not a tar"),
                                                  scanner::gap::corrupt)
                                  : Status::error(in.error, scanner::gap::unreadable);
    return res;
  }
  archive_entry* e = nullptr;
  while (!stop.stop_requested()) {
    const int rc = archive_read_next_header(a.get(), &e);
    if (rc == ARCHIVE_EOF) {
      res.status = verify(a.get(), in, job);
      return res;
    }
    if (rc < ARCHIVE_WARN) {
      res.status = in.error.empty()
                       ? Status::error(archive_message(a.get(), "cannot read the layer"),
                                       scanner::gap::corrupt)
                       : Status::error(in.error, scanner::gap::unreadable);
      return res;
    }
    if (auto st = expansion.check(); !st) {
      res.status = st;
      return res;
    }
    if (auto st = handle_entry(ctx, e, res); !st) {
      res.status =
          in.error.empty() ? st : Status::error(in.error, scanner::gap::unreadable);
      return res;
    }
  }
  res.status = Status::error("stopped", scanner::gap::interrupted);
  return res;
}

} // namespace keysift::image
