// Spot checks of the generated Unicode identifier tables (instrument/unicode_tables.cc), and
// the total sizes of both properties, which catch a truncated or mis-split table.
#include <doctest/doctest.h>

#include <cstdint>

#include "instrument/unicode.h"

namespace thingsjs::instrument {
namespace {

TEST_CASE("ASCII letters start identifiers, digits only continue them") {
  for (uint32_t c = 'a'; c <= 'z'; ++c) {
    CHECK(IsIdStart(c));
    CHECK(IsIdContinue(c));
  }
  for (uint32_t c = 'A'; c <= 'Z'; ++c) {
    CHECK(IsIdStart(c));
    CHECK(IsIdContinue(c));
  }
  for (uint32_t c = '0'; c <= '9'; ++c) {
    CHECK_FALSE(IsIdStart(c));
    CHECK(IsIdContinue(c));
  }
  // '_' is a connector punctuation: ID_Continue only. '$' is in neither property (the lexer
  // adds both to IdentifierStart itself).
  CHECK_FALSE(IsIdStart('_'));
  CHECK(IsIdContinue('_'));
  CHECK_FALSE(IsIdStart('$'));
  CHECK_FALSE(IsIdContinue('$'));
  const uint32_t others[] = {' ', '\t', '\n', '-', '+', '.', '@', '`', '{', '~', 0x7F, 0x00};
  for (uint32_t c : others) {
    CHECK_FALSE(IsIdStart(c));
    CHECK_FALSE(IsIdContinue(c));
  }
}

TEST_CASE("BMP letters and marks") {
  CHECK(IsIdStart(0x00AA));   // FEMININE ORDINAL INDICATOR, the first non-ASCII ID_Start
  CHECK(IsIdStart(0x00E9));   // é
  CHECK_FALSE(IsIdStart(0x00D7));  // MULTIPLICATION SIGN
  CHECK_FALSE(IsIdContinue(0x00D7));
  CHECK(IsIdStart(0x03C0));   // π
  CHECK(IsIdStart(0x0416));   // Ж
  CHECK(IsIdStart(0x05D0));   // א
  CHECK(IsIdStart(0x0627));   // ARABIC LETTER ALEF
  CHECK_FALSE(IsIdStart(0x0660));  // ARABIC-INDIC DIGIT ZERO
  CHECK(IsIdContinue(0x0660));
  CHECK_FALSE(IsIdStart(0x0301));  // COMBINING ACUTE ACCENT
  CHECK(IsIdContinue(0x0301));
  CHECK_FALSE(IsIdStart(0x00A0));  // NO-BREAK SPACE
  CHECK_FALSE(IsIdContinue(0x00A0));
  CHECK_FALSE(IsIdStart(0x2028));  // LINE SEPARATOR
  CHECK_FALSE(IsIdContinue(0x2028));
  CHECK_FALSE(IsIdStart(0xFEFF));  // BYTE ORDER MARK
  CHECK_FALSE(IsIdContinue(0xFEFF));
  // ZWNJ and ZWJ: ECMAScript has always allowed them in IdentifierPart; Unicode 15.1 put them
  // into ID_Continue too (Other_ID_Continue), along with KATAKANA MIDDLE DOT.
  CHECK_FALSE(IsIdStart(0x200C));
  CHECK(IsIdContinue(0x200C));
  CHECK(IsIdContinue(0x200D));
  CHECK_FALSE(IsIdStart(0x30FB));
  CHECK(IsIdContinue(0x30FB));
  CHECK_FALSE(IsIdStart(0x203F));  // UNDERTIE: connector punctuation, continue-only
  CHECK(IsIdContinue(0x203F));
}

TEST_CASE("Other_ID_Start and Other_ID_Continue") {
  CHECK(IsIdStart(0x2118));   // SCRIPT CAPITAL P (Other_ID_Start)
  CHECK(IsIdStart(0x212E));   // ESTIMATED SYMBOL (Other_ID_Start)
  CHECK(IsIdStart(0x309B));   // KATAKANA-HIRAGANA VOICED SOUND MARK (Other_ID_Start)
  CHECK(IsIdContinue(0x2118));
  CHECK_FALSE(IsIdStart(0x00B7));  // MIDDLE DOT (Other_ID_Continue)
  CHECK(IsIdContinue(0x00B7));
  CHECK_FALSE(IsIdStart(0x0387));  // GREEK ANO TELEIA (Other_ID_Continue)
  CHECK(IsIdContinue(0x0387));
  CHECK_FALSE(IsIdStart(0x1369));  // ETHIOPIC DIGIT ONE (Other_ID_Continue)
  CHECK(IsIdContinue(0x1369));
  CHECK_FALSE(IsIdStart(0x19DA));  // NEW TAI LUE THAM DIGIT ONE (Other_ID_Continue)
  CHECK(IsIdContinue(0x19DA));
}

TEST_CASE("Pattern_Syntax characters are never identifier characters") {
  CHECK_FALSE(IsIdStart(0x2E2F));  // VERTICAL TILDE: Lm, but Pattern_Syntax
  CHECK_FALSE(IsIdContinue(0x2E2F));
  CHECK_FALSE(IsIdStart(0x2190));  // LEFTWARDS ARROW
  CHECK_FALSE(IsIdContinue(0x2190));
}

TEST_CASE("CJK, Hangul and the edges of the BMP") {
  CHECK(IsIdStart(0x3007));   // IDEOGRAPHIC NUMBER ZERO (Nl)
  CHECK(IsIdStart(0x4E00));   // 一
  CHECK(IsIdStart(0x9FA5));
  CHECK(IsIdStart(0xAC00));   // 가
  CHECK(IsIdStart(0xD7A3));
  CHECK_FALSE(IsIdStart(0xD800));  // surrogates are not characters
  CHECK_FALSE(IsIdContinue(0xDFFF));
  CHECK_FALSE(IsIdStart(0xE000));  // private use
  CHECK(IsIdStart(0xFF21));   // FULLWIDTH LATIN CAPITAL LETTER A
  CHECK(IsIdContinue(0xFF10));  // FULLWIDTH DIGIT ZERO
  CHECK_FALSE(IsIdStart(0xFF10));
  CHECK_FALSE(IsIdStart(0xFFFF));
  CHECK_FALSE(IsIdContinue(0xFFFF));
}

TEST_CASE("astral planes") {
  CHECK(IsIdStart(0x10000));   // LINEAR B SYLLABLE B008 A
  CHECK(IsIdStart(0x1D400));   // MATHEMATICAL BOLD CAPITAL A
  CHECK_FALSE(IsIdStart(0x1D455));  // unassigned hole in the mathematical alphanumerics
  CHECK(IsIdStart(0x1EE00));   // ARABIC MATHEMATICAL ALEF
  CHECK(IsIdStart(0x20000));   // CJK Extension B
  CHECK(IsIdStart(0x2B81E));   // CJK Extension D, assigned in Unicode 17
  CHECK_FALSE(IsIdStart(0x1F600));  // GRINNING FACE: emoji are not identifiers
  CHECK_FALSE(IsIdContinue(0x1F600));
  CHECK_FALSE(IsIdStart(0x1D7CE));  // MATHEMATICAL BOLD DIGIT ZERO
  CHECK(IsIdContinue(0x1D7CE));
  CHECK_FALSE(IsIdStart(0xE0100));  // VARIATION SELECTOR-17
  CHECK(IsIdContinue(0xE0100));
  CHECK_FALSE(IsIdStart(0x10FFFF));
  CHECK_FALSE(IsIdContinue(0x10FFFF));
  CHECK_FALSE(IsIdStart(0x110000));  // beyond Unicode
  CHECK_FALSE(IsIdContinue(0xFFFFFFFF));
}

TEST_CASE("the properties have their Unicode 18 sizes, and ID_Start is within ID_Continue") {
  uint32_t start = 0, cont = 0, start_not_continue = 0;
  for (uint32_t c = 0; c <= 0x10FFFF; ++c) {
    bool s = IsIdStart(c), k = IsIdContinue(c);
    start += s;
    cont += k;
    start_not_continue += s && !k;
  }
  CHECK(start == 158739);
  CHECK(cont == 162100);
  CHECK(start_not_continue == 0);
}

}  // namespace
}  // namespace thingsjs::instrument
