// The sarif format: one SARIF 2.1.0 log (one run) written by finish(), shaped for GitHub
// code scanning: the rules that fired, each with its own help and security-severity; one
// result per place a secret was found (a secret in two files, or at two commits, is two
// alerts), with the content fingerprint and a per-place one in partialFingerprints;
// history findings at their repository path with the commit in properties, image
// findings under keysift-image/IMAGE/layer-N/ (never a repository path) with the image
// and layer in properties; input errors as tool execution notifications. A run stays
// inside GitHub's upload limits (reporters/sarif_limits.h): the least severe results are
// left out first, and a notification says how many. Used by one thread; does not own
// the stream.
#pragma once

#include <string>
#include <string_view>

#include "reporters/stream_reporter.h"

namespace keysift::reporters {

class SarifReporter final : public StreamReporter {
public:
  using StreamReporter::StreamReporter;
  void on_finding(const scanner::Finding& finding,
                  const scanner::ScanReport& context) override;
  void finish(const scanner::ScanReport& report) override;
};

// Exposed for tests. The artifactLocation.uri of an input path: a relative URI reference
// with forward slashes, every byte outside [A-Za-z0-9-._~/] percent-encoded; "-" (stdin)
// becomes "stdin", an absolute path a file:// URI, a leading "./" is dropped.
std::string sarif_artifact_uri(std::string_view path);

// Exposed for tests. The artifact URI of a location: sarif_artifact_uri of its path, but
// for an image "keysift-image/<image name, escaped>/layer-<n>/<path>" (or
// ".../config/...").
std::string sarif_location_uri(const scanner::Location& where,
                               const scanner::Catalog& catalog);

// Exposed for tests. GitHub's security-severity for a keysift severity ("9.5" for
// critical … "1.0" for info; "5.5" for an unknown one) and the SARIF level.
std::string_view sarif_security_severity(std::string_view severity);
std::string_view sarif_level(std::string_view severity);

} // namespace keysift::reporters
