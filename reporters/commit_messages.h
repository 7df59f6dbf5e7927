// Commit messages shown in reports never show a secret the scan found in a message: the
// catalog's messages are redacted (every form of each secret found in a commit or tag
// message, longest first) before a report is written without --show-secrets. Pure;
// thread-safe on distinct reports.
#pragma once

#include "scanner/finding.h"

namespace keysift::reporters {

void redact_commit_messages(scanner::ScanReport& report);

} // namespace keysift::reporters
