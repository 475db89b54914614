#pragma once
// A real Mosquitto broker for tests: on a free loopback port, in a temporary directory,
// stopped (and restartable on the same port) by the test.

#include "actors/local_broker.h"

namespace thingsjs::test {

using Broker = actors::LocalBroker;

}  // namespace thingsjs::test
