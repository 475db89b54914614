# Turns a JavaScript file into a C++ source holding it as a string constant.
# Usage: cmake -DINPUT=file.js -DOUTPUT=file.cc -DSYMBOL=kName -P embed.cmake
file(READ "${INPUT}" content)
string(FIND "${content}" ")JS_EMBED\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )JS_EMBED\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/embed.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace thingsjs::runtime::js {\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL} = R\"JS_EMBED(${content})JS_EMBED\";\n"
  "}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
