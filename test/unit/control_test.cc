#include <doctest/doctest.h>

#include <string>

#include "proto/control.pb.h"
#include "proto/control_codec.h"

using namespace thingsjs;

TEST_CASE("control protocol: commands round-trip through bytes and JSON") {
  control::Command command;
  control::Run* run = command.mutable_run();
  run->set_file_name("counter.js");
  run->set_source("let n = 0;\nsetInterval(() => console.log(++n), 1000);\n");
  run->add_argv("--fast");
  (*run->mutable_env())["MODE"] = "test";

  control::Command from_bytes;
  REQUIRE(from_bytes.ParseFromString(command.SerializeAsString()));
  CHECK(from_bytes.run().source() == run->source());

  std::string json = proto::ControlToJson(command);
  CHECK(json.find("\"file_name\":\"counter.js\"") != std::string::npos);
  control::Command from_json;
  CHECK(proto::ControlFromJson(json, &from_json) == "");
  CHECK(from_json.run().env().at("MODE") == "test");
  CHECK(from_json.run().argv(0) == "--fast");

  control::Reply reply;
  reply.set_ok(true);
  reply.set_snapshot(std::string("\0\1\2", 3));
  control::Reply reply_back;
  CHECK(proto::ControlFromJson(proto::ControlToJson(reply, true), &reply_back) == "");
  CHECK(reply_back.snapshot() == std::string("\0\1\2", 3));
}

TEST_CASE("control protocol: bad JSON is an error that says what") {
  control::Command c;
  std::string error = proto::ControlFromJson("{\"run\": {\"nope\": 1}}", &c);
  CHECK(error.find("invalid thingsjs.control.Command JSON") == 0);
  CHECK(proto::ControlFromJson("not json", &c) != "");
}

TEST_CASE("control protocol: topics and ids") {
  proto::Topics topics("thingsjs");
  CHECK(topics.WorkerStatus("pi-1") == "thingsjs/workers/pi-1/status");
  CHECK(topics.ProcCommands("p42") == "thingsjs/procs/p42/cmd");
  CHECK(topics.ProcConsole("p42") == "thingsjs/procs/p42/console");
  CHECK(topics.PubSub("room/kitchen") == "thingsjs/pubsub/room/kitchen");
  CHECK(proto::Topics::IsValidId("pi-1"));
  CHECK_FALSE(proto::Topics::IsValidId(""));
  CHECK_FALSE(proto::Topics::IsValidId("a/b"));
  CHECK_FALSE(proto::Topics::IsValidId("a+"));
  CHECK_FALSE(proto::Topics::IsValidId("#"));
  CHECK_FALSE(proto::Topics::IsValidId(std::string("a\0b", 3)));
  CHECK_FALSE(proto::Topics::IsValidId(std::string(129, 'x')));
}
