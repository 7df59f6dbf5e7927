// `keysift image IMAGE...`: container images saved on disk (docker-archive tars, OCI
// layouts as directories or tars), streamed on stdin, or read from the local Docker
// engine (image/image_input.h says which names mean what).
#include <memory>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/project.h"
#include "cli/report.h"
#include "image/image.h"
#include "image/image_input.h"

namespace keysift::cli {
namespace {

struct ImageOptions {
  ScanOptions scan;
  std::uint64_t max_layer_gib = 64;
  std::uint64_t max_layer_ratio = 200;
  std::uint64_t max_spool_mib = 16 << 10;
};

// Scans several images one after the other, on the pipeline's source thread.
class ImagesSource final : public scanner::Source {
public:
  ImagesSource(std::vector<std::string> args, image::LayerLimits limits,
               image::InputOptions inputs)
      : args_(std::move(args)), limits_(limits), inputs_(std::move(inputs)) {}
  // A stream (stdin, an engine) is spooled here, on the source thread, one image at a time.
  Status run(scanner::ChunkSink& sink, std::stop_token stop) override {
    for (const auto& arg : args_) {
      if (stop.stop_requested()) break;
      auto input = image::resolve_image_input(arg, inputs_);
      if (!input) {
        const std::string kind = input.status().kind(); // status() is a copy
        sink.error({arg, input.error(), kind.empty() ? scanner::gap::unreadable : kind});
        continue;
      }
      image::ImageSource source(input->path, limits_, input->label);
      if (auto st = source.run(sink, stop); !st) return st;
    }
    return Status::ok();
  }

private:
  std::vector<std::string> args_;
  image::LayerLimits limits_;
  image::InputOptions inputs_;
};

int run_image(const ImageOptions& options) {
  ScanOptions o = options.scan;
  auto format = reporters::parse_format(o.format);
  if (!format) return fail(format.error());
  ProjectSpec spec;
  spec.config = config_from_env(o.config);
  spec.root = ".";
  spec.baselines = o.baselines;
  auto project = load_project(spec);
  if (!project) return fail(project.error());
  auto run = prepare_run(std::move(project).value(), o, false);
  if (!run) return fail(run.error());
  o.exempt_contexts = exempt_contexts(o.exempt_contexts, run->exempt_contexts);

  scanner::PipelineOptions popts;
  popts.threads = o.threads;
  popts.gate = run->gate;
  popts.decode_depth = o.decode_depth;
  popts.stream_threshold = o.stream_threshold_mb << 20;
  image::LayerLimits limits;
  limits.stream_threshold = std::min<std::uint64_t>(popts.stream_threshold, 16u << 20);
  limits.max_bytes = options.max_layer_gib << 30;
  limits.max_ratio = options.max_layer_ratio;
  image::InputOptions inputs;
  inputs.max_spool_bytes = options.max_spool_mib << 20;
  if (const char* host = std::getenv("DOCKER_HOST")) inputs.docker_host = host;
  if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp) inputs.spool_dir = tmp;
  ImagesSource source(o.paths, limits, inputs);
  ReportPlan plan;
  plan.format = *format;
  plan.requested.mode = "image";
  plan.progress = ProgressKind::image;
  plan.requested.targets = o.paths;
  plan.policy = &run->policy;
  return scan_and_report(run->rules, popts, source, o, plan);
}

} // namespace

std::vector<Command> add_image_commands(CLI::App& app) {
  auto options = std::make_shared<ImageOptions>();
  CLI::App* cmd = app.add_subcommand(
      "image", "Scan container images: docker save / podman save archives and streams, OCI "
               "layouts, or an image in the local Docker engine");
  cmd->add_option("images", options->scan.paths,
                  "PATH (archive or OCI layout), - (a docker save stream on stdin), "
                  "docker-daemon:NAME, docker-archive:FILE, oci-archive:FILE, oci:DIR")
      ->required();
  add_scan_options(*cmd, options->scan);
  cmd->add_option("--max-layer-size", options->max_layer_gib,
                  "Stop a layer that expands beyond this many GiB (default 64)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20));
  cmd->add_option("--max-layer-ratio", options->max_layer_ratio,
                  "Stop a layer that expands more than this many times its compressed "
                  "size, once past 256 MiB (default 200)")
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1} << 20));
  cmd->add_option("--max-spool", options->max_spool_mib,
                  "Most MiB of a stream (stdin, docker-daemon:) kept in a temporary file "
                  "(default 16384)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 30));
  return {{cmd, [options] { return run_image(*options); }}};
}

} // namespace keysift::cli
