// The junit format: JUnit XML, as CI servers (Jenkins, GitLab, Azure DevOps, CircleCI)
// show test results. One failing test case per rule and file ("classname" the rule,
// "name" the file), its failure listing every place (line, column, commit or layer,
// the secret redacted unless show_secrets); one test case "keysift.coverage / scan" that
// passes when the scan was complete and has an <error> listing each input that failed
// otherwise, so a clean scan is one passing test, never an empty suite. Text is always
// well-formed XML 1.0 (control characters and invalid UTF-8 are replaced). Written by
// finish(). Used by one thread; does not own the stream.
#pragma once

#include <string>
#include <string_view>

#include "reporters/stream_reporter.h"

namespace keysift::reporters {

class JunitReporter final : public StreamReporter {
public:
  using StreamReporter::StreamReporter;
  void on_finding(const scanner::Finding& finding,
                  const scanner::ScanReport& context) override;
  void finish(const scanner::ScanReport& report) override;
};

// Exposed for tests: `text` escaped for an XML attribute or element; characters XML 1.0
// forbids (C0 controls but tab, newline and carriage return; U+FFFE, U+FFFF) and bytes that
// are not UTF-8 become U+FFFD.
std::string xml_escape(std::string_view text);

} // namespace keysift::reporters
