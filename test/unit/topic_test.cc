#include <doctest/doctest.h>

#include "runtime/in_process_bus.h"
#include "runtime/transport.h"

using namespace thingsjs::runtime;

TEST_CASE("topic names and filters follow MQTT rules") {
  CHECK(IsValidTopicName("a/b/c"));
  CHECK(IsValidTopicName("/"));
  CHECK_FALSE(IsValidTopicName(""));
  CHECK_FALSE(IsValidTopicName("a/+/c"));
  CHECK_FALSE(IsValidTopicName("a/#"));

  CHECK(IsValidTopicFilter("a/+/c"));
  CHECK(IsValidTopicFilter("#"));
  CHECK(IsValidTopicFilter("a/#"));
  CHECK(IsValidTopicFilter("+"));
  CHECK_FALSE(IsValidTopicFilter("a/#/c"));
  CHECK_FALSE(IsValidTopicFilter("a/b#"));
  CHECK_FALSE(IsValidTopicFilter("a+/b"));
  CHECK_FALSE(IsValidTopicFilter(""));
}

TEST_CASE("topic matching") {
  CHECK(TopicMatches("a/b", "a/b"));
  CHECK_FALSE(TopicMatches("a/b", "a/b/c"));
  CHECK_FALSE(TopicMatches("a/b/c", "a/b"));
  CHECK(TopicMatches("a/+", "a/b"));
  CHECK_FALSE(TopicMatches("a/+", "a/b/c"));
  CHECK(TopicMatches("a/+/c", "a/x/c"));
  CHECK(TopicMatches("a/#", "a"));
  CHECK(TopicMatches("a/#", "a/b/c"));
  CHECK(TopicMatches("#", "x/y"));
  CHECK(TopicMatches("+/+", "/x"));
  CHECK(TopicMatches("a//b", "a//b"));
  CHECK_FALSE(TopicMatches("#", "$SYS/x"));
  CHECK_FALSE(TopicMatches("+/x", "$SYS/x"));
  CHECK(TopicMatches("$SYS/#", "$SYS/x"));
}

namespace {
struct Recorder : MessageSink {
  std::vector<std::string> got;
  void OnMessage(const std::string& filter, const std::string& topic,
                 const std::string& payload) override {
    got.push_back(filter + " " + topic + " " + payload);
  }
};
}  // namespace

TEST_CASE("in-process bus delivers to matching subscriptions in publish order") {
  InProcessBus bus;
  Recorder a, b;
  bus.Subscribe("s/+", &a);
  bus.Subscribe("s/+", &a);  // idempotent
  bus.Subscribe("s/1", &b);
  CHECK(bus.subscription_count() == 2);
  bus.Publish("s/1", "1");
  bus.Publish("s/2", "2");
  bus.Publish("t/1", "3");
  CHECK(a.got == std::vector<std::string>{"s/+ s/1 1", "s/+ s/2 2"});
  CHECK(b.got == std::vector<std::string>{"s/1 s/1 1"});
  bus.Unsubscribe("s/+", &a);
  bus.Publish("s/3", "4");
  CHECK(a.got.size() == 2);
}
