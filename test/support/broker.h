#pragma once
// A real Mosquitto broker for tests: on a free loopback port, in a temporary directory,
// stopped (and restartable on the same port) by the test.

#include <string>

namespace thingsjs::test {

class Broker {
 public:
  Broker();   // starts it; error() says why if it could not
  ~Broker();  // stops it and removes its directory
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  int port() const { return port_; }
  const std::string& error() const { return error_; }
  bool running() const { return pid_ > 0; }

  void Stop();   // SIGTERM and wait
  bool Start();  // on the same port

 private:
  int port_ = 0;
  int pid_ = -1;
  std::string dir_, error_;
};

}  // namespace thingsjs::test
