// How far a rule's match can reach past the end of its secret: the widest text, in
// bytes, that the part of the regex after the `secret` group can match. The Confirmer
// uses it to find the line a secret must sit on from where a match ends, before any RE2
// runs (scanner/confirmer.cpp). Known only for a `(?P<secret>…)` group at the top level
// of the regex followed by bounded atoms (literals, escapes, classes, groups,
// alternations, `?` and `{n,m}`); nullopt otherwise. Pure; reads a rule file's regex,
// so any input is handled (fuzz/rules_toml_fuzz.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace keysift::rules {

std::optional<std::size_t> secret_tail_width(std::string_view regex);

} // namespace keysift::rules
