#include "actors/local_broker.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace thingsjs::actors {

namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  if (fd >= 0) close(fd);
  return port;
}

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (fd >= 0) close(fd);
  return ok;
}

std::string FindMosquitto() {
  for (const char* candidate : {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"}) {
    if (access(candidate, X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace

LocalBroker::LocalBroker(int port) {
  char pattern[] = "/tmp/thingsjs-broker-XXXXXX";
  if (!mkdtemp(pattern)) {
    error_ = "cannot make a temporary directory";
    return;
  }
  dir_ = pattern;
  port_ = port > 0 ? port : FreePort();
  if (port_ == 0) {
    error_ = "no free port";
    return;
  }
  std::ofstream conf(dir_ + "/mosquitto.conf");
  // Small control messages go out at once (no Nagle); a program that moves between workers
  // has its messages queued meanwhile, up to 100,000 of them (the default is 1,000).
  conf << "listener " << port_ << " 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\nset_tcp_nodelay true\n"
       << "max_queued_messages 100000\n";
  // Run as root, mosquitto would switch to its own user, which also clears the signal that
  // stops it with its owner (PR_SET_PDEATHSIG): it stays who it is.
  if (geteuid() == 0) conf << "user root\n";
  conf.close();
  Start();
}

LocalBroker::~LocalBroker() {
  Stop();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

bool LocalBroker::Start() {
  if (pid_ > 0) return true;
  std::string mosquitto = FindMosquitto();
  if (mosquitto.empty()) {
    error_ = "mosquitto is not installed (Debian package mosquitto; deploy/install-deps.sh installs it)";
    return false;
  }
  std::string conf = dir_ + "/mosquitto.conf";
  // A child of its own: default signal handling whatever this process blocks or ignores, and
  // SIGTERM when this process dies, so that it never outlives its owner.
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGPIPE, SIG_DFL);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    char* argv[] = {const_cast<char*>(mosquitto.c_str()), const_cast<char*>("-c"), const_cast<char*>(conf.c_str()), nullptr};
    execv(mosquitto.c_str(), argv);
    _exit(127);
  }
  if (pid < 0) {
    error_ = "cannot start mosquitto";
    return false;
  }
  pid_ = pid;
  for (int i = 0; i < 300; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = "mosquitto stopped at once (is port " + std::to_string(port_) + " taken?)";
      return false;
    }
    if (Accepts(port_)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  error_ = "mosquitto did not accept connections on port " + std::to_string(port_);
  Stop();
  return false;
}

void LocalBroker::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace thingsjs::actors
