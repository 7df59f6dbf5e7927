// Streaming one image layer into the engine: the blob is read once, hashed as it goes
// (sha256, compared with the manifest's digest, or the config's diff_id for an
// uncompressed docker-archive layer), decompressed and untarred by libarchive, and each
// regular file becomes a Chunk. Small files go whole (block mode on any worker); larger
// ones are lent to a worker as a ByteReader while this thread waits, so memory stays
// bounded whatever the layer's size. Nothing touches the disk. One thread at a time.
#pragma once

#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "codec/byte_reader.h"
#include "image/layer_shadow.h"
#include "scanner/source.h"

namespace keysift::image {

struct LayerLimits {
  std::uint64_t stream_threshold = 16u << 20; // larger files are lent as a reader
  std::uint64_t max_bytes = 64ull << 30;      // uncompressed size of one layer
  std::uint64_t max_ratio = 200;              // uncompressed / compressed, …
  std::uint64_t ratio_floor = 256u << 20;     // … checked once this much is expanded
};

struct LayerJob {
  std::uint32_t image = 0; // the image's number in the catalog
  std::size_t index = 0;   // 0: the base layer
  std::string digest;      // expected sha256 of the blob; empty if unknown
  std::string diff_id;     // expected sha256 of the uncompressed tar; empty if unknown
  std::string display;     // how errors name this layer
  LayerLimits limits;
};

// What reading one layer gave: its entries (for the Shadow of the layers below) and the
// per-entry problems (paths escaping the root). A non-ok Status fails the layer as a
// whole (truncated, corrupt, digest mismatch, decompression bomb); files read before the
// failure have been scanned.
struct LayerResult {
  std::vector<LayerEntry> entries;
  std::vector<std::string> problems;
  Status status;
};

LayerResult scan_layer(codec::ByteReader& blob, const LayerJob& job, const Shadow& shadow,
                       scanner::ChunkSink& sink, const std::stop_token& stop);

} // namespace keysift::image
