#pragma once

#include <cstdint>

namespace thingsjs::instrument {

// Unicode identifier properties as ECMAScript uses them (ID_Start / ID_Continue, plus '$',
// '_' and ZWNJ/ZWJ handled by the lexer). Generated tables: see tools/gen_unicode_tables.js.
bool IsIdStart(uint32_t code_point);
bool IsIdContinue(uint32_t code_point);

}  // namespace thingsjs::instrument
