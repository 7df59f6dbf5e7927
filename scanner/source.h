// Source and ChunkSink: how inputs reach the engine. A Source runs on its own thread
// and pushes Chunks into a ChunkSink (the Pipeline's bounded queue, or a test
// collector). A Chunk either carries its bytes or names a file for a worker to read,
// so that reading, like matching, happens on every core.
#pragma once

#include <cstdint>
#include <stop_token>
#include <string>

#include "rules/status.h"
#include "scanner/finding.h"

namespace keysift::scanner {

struct Chunk {
  Provenance provenance;
  std::string data; // the bytes, when the source has read them
  std::string file; // otherwise a file to read ("-": standard input, always streamed)
  std::uint64_t first_line = 1; // line number of the first byte
};

class ChunkSink {
public:
  virtual ~ChunkSink() = default;
  // Blocks while the queue is full. Returns false when the run is being stopped.
  virtual bool push(Chunk chunk) = 0;
  virtual void error(InputError error) = 0;
  virtual void skipped(const std::string& path, const std::string& reason) = 0;
};

class Source {
public:
  virtual ~Source() = default;
  // Pushes every chunk of the input. Failures of single inputs go to sink.error();
  // a non-ok Status means the source as a whole failed.
  virtual Status run(ChunkSink& sink, std::stop_token stop) = 0;
};

} // namespace keysift::scanner
