#include "instrument/ast.h"

namespace thingsjs::instrument {

std::string_view NodeKindName(NodeKind kind) {
  switch (kind) {
#define THINGSJS_AST_NAME(name) \
  case NodeKind::k##name:       \
    return #name;
    THINGSJS_AST_NODES(THINGSJS_AST_NAME)
#undef THINGSJS_AST_NAME
  }
  return "?";
}

std::string_view OpText(Op op) {
  switch (op) {
#define THINGSJS_OP_TEXT(name, text) \
  case Op::name:                     \
    return text;
    THINGSJS_OPERATORS(THINGSJS_OP_TEXT)
#undef THINGSJS_OP_TEXT
  }
  return "?";
}

}  // namespace thingsjs::instrument
