#include "runtime/transport.h"

namespace thingsjs::runtime {

namespace {
// Splits on '/' without allocating: returns the level starting at `pos` and advances it.
std::string_view NextLevel(std::string_view s, size_t& pos) {
  size_t end = s.find('/', pos);
  if (end == std::string_view::npos) end = s.size();
  std::string_view level = s.substr(pos, end - pos);
  pos = end + 1;
  return level;
}
}  // namespace

bool IsValidTopicName(std::string_view topic) {
  if (topic.empty() || topic.size() > 65535) return false;
  return topic.find_first_of("+#") == std::string_view::npos &&
         topic.find('\0') == std::string_view::npos;
}

bool IsValidTopicFilter(std::string_view filter) {
  if (filter.empty() || filter.size() > 65535 || filter.find('\0') != std::string_view::npos)
    return false;
  size_t pos = 0;
  while (pos <= filter.size()) {
    std::string_view level = NextLevel(filter, pos);
    bool last = pos > filter.size();
    if (level.find_first_of("+#") != std::string_view::npos) {
      if (level.size() != 1) return false;       // wildcards occupy a whole level
      if (level == "#" && !last) return false;   // '#' only at the end
    }
  }
  return true;
}

bool TopicMatches(std::string_view filter, std::string_view topic) {
  // Topics starting with '$' are not matched by filters starting with a wildcard (MQTT 4.7.2).
  if (!topic.empty() && topic[0] == '$' && !filter.empty() && (filter[0] == '+' || filter[0] == '#'))
    return false;
  size_t fpos = 0, tpos = 0;
  while (fpos <= filter.size()) {
    std::string_view f = NextLevel(filter, fpos);
    if (f == "#") return true;  // matches the parent level too ("a/#" matches "a")
    if (tpos > topic.size()) return false;
    std::string_view t = NextLevel(topic, tpos);
    if (f != "+" && f != t) return false;
  }
  return tpos > topic.size();
}

}  // namespace thingsjs::runtime
