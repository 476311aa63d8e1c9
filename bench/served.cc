#include "served.h"

#include <cstdlib>
#include <cstring>

#include "bench_support.h"

namespace gridledger::bench {

FileCase KioskFiling(int i) {
  FileCase f;
  f.category = "sewer";
  f.description = "下水道堵了，污水冒出来了（" + std::to_string(i) + "）";
  f.location.place_id = "p1";
  f.reporter_phone = "138" + std::to_string(10000000 + i % 90000000);
  f.reporter_name = "王阿姨";
  return f;
}

Served::Served(std::vector<std::shared_ptr<HttpHandler>> handlers) {
  dir = FreshDir("served");
  ServerOptions o;
  o.data_dir = dir;
  o.unix_socket = dir + ".sock";
  unix_socket = "unix:" + o.unix_socket;
  o.insecure_loopback = {"127.0.0.1:0"};
  o.engine_threads = 300;
  o.http_handlers = std::move(handlers);
  if (!o.http_handlers.empty()) o.http_insecure_loopback = {"127.0.0.1:0"};
  auto s = Server::Start(o);
  if (!s.ok()) Die("server: " + s.status().ToString());
  server = std::move(s).value();
  const char* io = std::getenv("GRIDLEDGER_BENCH_CLIENT_IO");
  if (!io || std::strcmp(io, "own") != 0) {
    auto runtime = ClientRuntime::Start();
    if (!runtime.ok()) Die("client runtime: " + runtime.status().ToString());
    client_io = std::move(runtime).value();
  }
  for (const auto& a : server->Addresses())
    if (a.transport == "tcp") tcp = "tcp:" + a.address;
  for (const auto& a : server->Addresses())
    if (a.transport == "http") http = a.address;
  Engine& e = server->engine();
  const Actor sys = Actor::System("bench");
  auto ok = [](Result<AppendResult> r) {
    if (!r.ok()) Die("seed: " + r.status().ToString());
  };
  ok(e.Record(sys, cmd::DefineGrid{{"411302001", "新华街道", GridKind::kStreet, "", 0}}));
  ok(e.Record(sys,
              cmd::DefineGrid{{"411302001001", "文化社区", GridKind::kCommunity, "411302001", 0}}));
  ok(e.Record(sys,
              cmd::DefineGrid{{kServedGrid, "第一网格", GridKind::kGrid, "411302001001", 400}}));
  ok(e.Record(sys, cmd::RegisterPlace{{"p1", kServedGrid, "文化小区", PlaceKind::kCompound, ""}}));
  ok(e.Record(sys, cmd::AssignWorker{{"w1", "张敏", Role::kFullTimeWorker, kServedGrid, ""}}));
  auto op = Connect("unix:" + o.unix_socket);
  if (!op.ok()) Die("operator: " + op.status().ToString());
  operator_token = (*op)->IssueCredential(IdentityKind::kOperator, "bench", "")->token;
  kiosk_token = (*op)->IssueCredential(IdentityKind::kKiosk, "bench-kiosk", "")->token;
  // Cases for the lookups.
  for (int i = 0; i < 200; ++i) {
    auto r = e.File(Actor::Resident(), KioskFiling(i));
    if (!r.ok()) Die("file: " + r.status().ToString());
    cases.push_back(*r);
  }
}

Served::~Served() {
  std::lock_guard lock(mu);
  connections.clear();
  client_io.reset();
  server.reset();
  RemoveDir(dir);
}

RemoteEngine& Served::Client(int index, const std::string& token) {
  return Connection(tcp, index, token);
}

RemoteEngine& Served::UnixClient(int index) { return Connection(unix_socket, index, ""); }

RemoteEngine& Served::Connection(const std::string& address, int index, const std::string& token) {
  std::lock_guard lock(mu);
  auto& slot = connections[{address + " " + token, index}];
  if (!slot) {
    ClientOptions o;
    o.credential = token;
    o.runtime = client_io;
    auto c = Connect(address, o);
    if (!c.ok()) Die("connect: " + c.status().ToString());
    slot = std::move(c).value();
  }
  return *slot;
}

}  // namespace gridledger::bench
