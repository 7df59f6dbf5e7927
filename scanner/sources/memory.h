// MemorySource: chunks already in memory (rule examples, tests). Runs on one thread.
#pragma once

#include <vector>

#include "scanner/source.h"

namespace keysift::scanner::sources {

class MemorySource final : public Source {
public:
  explicit MemorySource(std::vector<Chunk> chunks) : chunks_(std::move(chunks)) {}
  Status run(ChunkSink& sink, std::stop_token stop) override {
    for (auto& c : chunks_) {
      if (stop.stop_requested() || !sink.push(std::move(c))) break;
    }
    chunks_.clear();
    return Status::ok();
  }

private:
  std::vector<Chunk> chunks_;
};

} // namespace keysift::scanner::sources
