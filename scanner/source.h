// Source and ChunkSink: how inputs reach the engine. A Source runs on its own thread
// and pushes Chunks into a ChunkSink (the Pipeline's bounded queue, or a test
// collector). A Chunk carries its bytes, names a file for a worker to read, carries a
// loader a worker calls (a git blob), or is a task a worker runs (scanner/task.h), so
// that reading, like matching, happens on every core.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "codec/byte_reader.h"
#include "rules/status.h"
#include "scanner/finding.h"

namespace keysift::scanner {

class Gate;
class TaskContext;

struct Chunk {
  OriginRef origin; // where the bytes came from; shared with the findings
  std::string data; // the bytes, when the source has read them
  std::string file; // otherwise a file to read ("-": standard input, always streamed)
  // The file was named on the command line: a link to it is followed and a pipe or
  // device is read. A file found by walking a tree is read only if it is a regular file
  // when opened, never through a link (the tree may change under the scan).
  bool named = false;
  std::uint64_t first_line = 1; // line number of the first byte
  // The whole input's size when the source knows it before anyone reads the bytes (an
  // image entry's header): the gate judges it before the reader is read.
  std::optional<std::uint64_t> size;
  // Otherwise bytes to stream (when set, `data` and `file` are empty). A consumer reads it
  // on one thread and drops its reference when done, even on failure: a source that lends
  // a reader over state it owns waits for the ByteReader's destruction before going on.
  std::shared_ptr<codec::ByteReader> reader;
  // Otherwise this gives the bytes; called once, on a worker thread (so it must be safe
  // to call from any thread, concurrently with other chunks' loaders).
  std::function<Result<std::string>()> load;
  // Otherwise a task a worker runs with its tools (the other fields are unused).
  std::function<void(TaskContext&)> task;
};

class ChunkSink {
public:
  virtual ~ChunkSink() = default;
  // Blocks while the queue is full. Returns false when the run is being stopped.
  virtual bool push(Chunk chunk) = 0;
  virtual void error(InputError error) = 0;
  virtual void skipped(const std::string& path, const std::string& reason) = 0;
  // Describes a commit or an image that later chunks' locations name; returns the index
  // they name it by (Catalog::commits, Catalog::images).
  virtual std::uint32_t add_commit(CommitInfo commit) = 0;
  virtual std::uint32_t add_image(ImageInfo image) = 0;
  // The coverage account (ScanStats): `n` more units ("commits", "layers", …) the source
  // was asked to cover, and `n` more it covered whole (every chunk of it pushed).
  virtual void expected(const std::string& /*unit*/, std::uint64_t /*n*/) {}
  virtual void covered(const std::string& /*unit*/, std::uint64_t /*n*/ = 1) {}
  // The run's gate (scanner/gate.h). The pipeline judges every chunk by it; a source
  // asks it itself only to decide before costly work (a diff, before the patch) or where
  // it learns a path after the bytes were scanned (a history's blobs), and reports what
  // it skips through skipped(path, skip_reason(...)). The default gate (a sink outside a
  // pipeline) skips binaries and nothing else.
  virtual const Gate& gate() const;
};

// A ChunkSink that keeps the catalog itself: for single-threaded consumers (tests, a
// source that wraps another). Not thread-safe.
class CatalogSink : public ChunkSink {
public:
  std::uint32_t add_commit(CommitInfo commit) override {
    catalog.commits.push_back(std::move(commit));
    return static_cast<std::uint32_t>(catalog.commits.size() - 1);
  }
  std::uint32_t add_image(ImageInfo image) override {
    catalog.images.push_back(std::move(image));
    return static_cast<std::uint32_t>(catalog.images.size() - 1);
  }
  Catalog catalog;
};

class Source {
public:
  virtual ~Source() = default;
  // Pushes every chunk of the input. Failures of single inputs go to sink.error();
  // a non-ok Status means the source as a whole failed.
  virtual Status run(ChunkSink& sink, std::stop_token stop) = 0;
};

} // namespace keysift::scanner
