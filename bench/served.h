// A store served by gridledgerd's Server inside the benchmark process
// (loopback TCP and a unix socket, optionally a plain HTTP face with
// handlers), with a small registry, 200 filed cases to look up, and client
// connections made on demand. Shared by the server and Open311 rows.
//
// The client connections share one ClientRuntime (one I/O thread), as
// many kiosks on many machines would cost the benchmark's machine nothing
// beyond their calls. GRIDLEDGER_BENCH_CLIENT_IO=own gives every connection
// its own I/O thread instead (how clients ran before ClientRuntime).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gridledger/client.h"
#include "gridledger/server.h"

namespace gridledger::bench {

inline constexpr char kServedGrid[] = "41130200100101";

// The i-th kiosk filing: a sewer complaint at place p1 from a distinct phone.
FileCase KioskFiling(int i);

struct Served {
  // `handlers` non-empty: a plain HTTP face on loopback serves them.
  explicit Served(std::vector<std::shared_ptr<HttpHandler>> handlers = {});
  ~Served();

  // The connection of client `index` logged in with `token` (loopback TCP).
  RemoteEngine& Client(int index, const std::string& token);
  // Client `index`'s connection to the unix socket (a local operator,
  // admitted by the socket's file permissions): the same RPC without the
  // kernel's TCP path, which on loopback also charges each side for the
  // other's receiving.
  RemoteEngine& UnixClient(int index);

  std::string dir, tcp, unix_socket, http, operator_token, kiosk_token;  // http: "127.0.0.1:PORT"
  std::unique_ptr<Server> server;
  std::shared_ptr<ClientRuntime> client_io;  // null: a thread per connection
  std::vector<FiledReceipt> cases;
  std::mutex mu;
  std::map<std::pair<std::string, int>, std::unique_ptr<RemoteEngine>> connections;

 private:
  RemoteEngine& Connection(const std::string& address, int index, const std::string& token);
};

}  // namespace gridledger::bench
