#pragma once
// A Mosquitto broker of our own, on a loopback port, in a temporary directory: for
// `thingsjs up` (a local cluster in one command) and for tests. Configured for a cluster:
// no Nagle delay on small control messages, and room to queue a moving program's messages.

#include <string>

namespace thingsjs::actors {

class LocalBroker {
 public:
  // Starts it on `port`, or on a free port when 0; error() says why if it could not.
  explicit LocalBroker(int port = 0);
  ~LocalBroker();  // stops it and removes its directory
  LocalBroker(const LocalBroker&) = delete;
  LocalBroker& operator=(const LocalBroker&) = delete;

  int port() const { return port_; }
  const std::string& error() const { return error_; }
  bool running() const { return pid_ > 0; }

  void Stop();   // SIGTERM and wait
  bool Start();  // again, on the same port

 private:
  int port_ = 0;
  int pid_ = -1;
  std::string dir_, error_;
};

}  // namespace thingsjs::actors
