#include "image/layer_scan.h"

#include <future>

#include <archive_entry.h>

#include "codec/decompress.h"
#include "codec/sha256.h"
#include "image/archive_handle.h"
#include "scanner/finding.h"

namespace keysift::image {
namespace {

// Padding after a tar's end-of-archive blocks (a record's worth, compressed to almost
// nothing) is normal; more than this is not.
constexpr std::uint64_t max_trailing_bytes = 1u << 20;

// The blob as stored: hashed and counted as it is read, after `prefix` (its first bytes,
// read to see what compression it uses).
class RawBlob final : public codec::ByteReader {
public:
  RawBlob(codec::ByteReader& blob, std::string prefix, codec::Sha256& hash,
          std::uint64_t& raw)
      : blob_(blob), prefix_(std::move(prefix)), hash_(hash), raw_(raw) {}
  Result<std::size_t> read(char* out, std::size_t n) override {
    std::size_t got = 0;
    if (used_ < prefix_.size()) {
      got = std::min(n, prefix_.size() - used_);
      std::copy_n(prefix_.data() + used_, got, out);
      used_ += got;
    } else {
      auto r = blob_.read(out, n);
      if (!r) return Status::error(r.error(), scanner::gap::unreadable);
      got = *r;
    }
    hash_.update(std::string_view(out, got));
    raw_ += got;
    return got;
  }

private:
  codec::ByteReader& blob_;
  std::string prefix_;
  std::size_t used_ = 0;
  codec::Sha256& hash_;
  std::uint64_t& raw_;
};

// Feeds libarchive: the blob through keysift's gzip or zstd decompressor when its first
// bytes say so (other compressions are left to libarchive's filters), so that what
// follows the tar's end can be read as it expands and bounded (drain()).
struct BlobInput {
  codec::Sha256 hash;
  std::uint64_t raw = 0;   // blob bytes read
  bool compressed = false; // decompressed here
  std::unique_ptr<codec::ByteReader> source;
  std::string buf = std::string(256u << 10, '\0');
  Status error; // why the last read failed

  Status open(codec::ByteReader& blob) {
    std::string head(512, '\0');
    auto n = codec::read_full(blob, head.data(), head.size());
    if (!n) return Status::error(n.error(), scanner::gap::unreadable);
    head.resize(*n);
    const codec::Compression kind = codec::detect_compression(head);
    source = std::make_unique<RawBlob>(blob, std::move(head), hash, raw);
    if (kind != codec::Compression::none) {
      compressed = true;
      source = std::make_unique<codec::DecompressReader>(kind, std::move(source));
    }
    return Status::ok();
  }
  static la_ssize_t read_cb(archive*, void* self, const void** out) {
    auto& in = *static_cast<BlobInput*>(self);
    auto n = in.source->read(in.buf.data(), in.buf.size());
    if (!n) {
      in.error = n.status();
      return -1;
    }
    *out = in.buf.data();
    return static_cast<la_ssize_t>(*n);
  }
  // Reads what follows the tar's end, expanded, so the hash covers the whole blob; more
  // than max_trailing_bytes of it is a gap.
  Status drain() {
    std::uint64_t after = 0;
    for (;;) {
      auto n = source->read(buf.data(), buf.size());
      if (!n) return n.status();
      if (*n == 0) return Status::ok();
      after += *n;
      if (after > max_trailing_bytes)
        return Status::error(
            "more than " + std::to_string(max_trailing_bytes) +
                " bytes follow the end of the tar: not read (a decompression bomb, or data "
                "hidden after the archive)",
            scanner::gap::limit);
    }
  }
  // The failure of the last read, else `fallback`.
  Status failure(const Status& fallback) const { return error.is_ok() ? fallback : error; }
};

// Stops a layer whose expansion passes the limits (a decompression bomb). What counts is
// the larger of the bytes the decompressor produced and the bytes the tar's entries gave:
// a sparse entry's holes cost the decompressor nothing, but a 1 TiB hole is read as
// 1 TiB of zeros. Used by the source thread, or by a worker while the source waits.
struct Expansion {
  archive* a;
  const BlobInput& in;
  const LayerLimits& limits;
  mutable std::uint64_t logical = 0; // bytes archive_read_data returned

  void add(la_ssize_t n) const { logical += static_cast<std::uint64_t>(n); }

  Status check() const {
    const auto out =
        std::max(static_cast<std::uint64_t>(archive_filter_bytes(a, 0)), logical);
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
class EntryReader final : public codec::ByteReader {
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
    expansion_.add(r);
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
    expansion.add(r);
    data.append(buf, static_cast<std::size_t>(r));
  }
}

// Compares the blob's hash with what the manifest (or the config) says it must be. What
// follows the tar's end is read (a zero-filled bomb ends its tar at its first 1 KiB of
// zeros) but at most max_trailing_bytes of it: more is a gap, never a silent pass.
Status verify(archive* a, BlobInput& in, const LayerJob& job) {
  if (auto st = in.drain(); !st) return st;
  const std::string got = "sha256:" + in.hash.hex();
  if (!job.digest.empty()) {
    if (got != job.digest)
      return Status::error("digest mismatch: expected " + job.digest + ", blob is " + got,
                           scanner::gap::corrupt);
  } else if (!job.diff_id.empty() && !in.compressed &&
             archive_filter_code(a, 0) == ARCHIVE_FILTER_NONE) {
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
  if (size > ctx.job.limits.max_bytes)
    return Status::error(path + ": declares " + std::to_string(size) +
                             " bytes, more than a layer may expand to: stopped",
                         scanner::gap::limit);
  scanner::Chunk chunk;
  chunk.origin = origin_for(ctx, path);
  chunk.size = size; // the gate judges it before a lent reader is read
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

LayerResult scan_layer(codec::ByteReader& blob, const LayerJob& job, const Shadow& shadow,
                       scanner::ChunkSink& sink, const std::stop_token& stop) {
  LayerResult res;
  BlobInput in;
  if (auto st = in.open(blob); !st) return {{}, {}, st};
  ArchiveReader a = new_tar_reader();
  if (!a) return {{}, {}, Status::error("cannot allocate a tar reader")};
  const Expansion expansion{a.get(), in, job.limits};
  const EntryContext ctx{a.get(), expansion, job, shadow, sink};
  if (archive_read_open(a.get(), &in, nullptr, BlobInput::read_cb, nullptr) != ARCHIVE_OK) {
    res.status = in.failure(
        Status::error(archive_message(a.get(), "not a tar"), scanner::gap::corrupt));
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
      res.status = in.failure(Status::error(
          archive_message(a.get(), "cannot read the layer"), scanner::gap::corrupt));
      return res;
    }
    if (auto st = expansion.check(); !st) {
      res.status = st;
      return res;
    }
    if (auto st = handle_entry(ctx, e, res); !st) {
      res.status = in.failure(st);
      return res;
    }
  }
  res.status = Status::error("stopped", scanner::gap::interrupted);
  return res;
}

} // namespace keysift::image
