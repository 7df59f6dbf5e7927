// What a reporter shows of a finding (internal to reporters/): the secret and the texts
// holding it, redacted unless show_secrets; and text made safe for a terminal. Pure
// functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scanner/finding.h"

namespace keysift::reporters {

// The secret as a report shows it: whole, or redact_secret(secret).
std::string shown_secret(const scanner::Finding& finding, bool show_secrets);

// `text` (the match, the line) as a report shows it: unchanged, or with every occurrence
// of the finding's secret redacted.
std::string shown_text(std::string_view text, const scanner::Finding& finding,
                       bool show_secrets);

// The same, with every string of `also` redacted too (longest first): the other secrets
// found in the same input, so that one finding's excerpt never shows another whole.
std::string shown_text(std::string_view text, const scanner::Finding& finding,
                       bool show_secrets, const std::vector<std::string>& also);

// What a finding shows of its input, to be redacted wherever the input is quoted: its
// secret and, for a secret found decoded, the encoded text it was found under.
std::vector<std::string> secret_forms(const scanner::Finding& finding);

// `text` split into display cells, each safe to print to a terminal: a printable
// character as is; a tab as one space; any other control character (C0, DEL, C1), a
// bidirectional override or isolate, a line or paragraph separator as a visible escape
// ("\x1b", "\u{202e}"); a byte that is not valid UTF-8 as "\xNN". One cell per
// character, so a caret line can be aligned by counting cells (wide characters, such as
// CJK, take two columns on screen: alignment after them is approximate).
std::vector<std::string> display_cells(std::string_view text);

// display_cells(text), joined.
std::string terminal_safe(std::string_view text);

} // namespace keysift::reporters
