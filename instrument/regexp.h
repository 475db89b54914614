#pragma once

#include <string>
#include <string_view>

namespace thingsjs::instrument {

// Checks a regular expression literal's pattern against the ECMAScript 2022 grammar for its
// flags (with Annex B's extensions when the u flag is absent), as engines do at parse time.
// Returns an empty string when valid, else the error message. `pattern` is UTF-8.
std::string ValidateRegExp(std::string_view pattern, std::string_view flags);

}  // namespace thingsjs::instrument
