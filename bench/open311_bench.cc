// The live Open311 endpoint's cost beside the RPC and in-process engine in
// the same run: a city platform filing through POST requests.json (form
// encoded, api_key of an integration) from N keep-alive HTTP connections,
// against the same filings by an integration over Cap'n Proto RPC and
// in-process; and GET requests/{id}.json latency at a fixed offered rate
// against RPC GetCase at the same rate.
//
//   Open311/LocalFile, Open311/RpcFile, Open311/PostRequests   filings/s
//   Open311/RpcGetCaseOpenLoop, Open311/GetRequestOpenLoop     p50/p99
//
// PostRequests carries x_local (÷ in-process) and x_rpc (÷ RPC) at the
// same thread count.

#include <benchmark/benchmark.h>
#include <kj/async-io.h>
#include <kj/compat/http.h>
#include <kj/encoding.h>

#include <atomic>

#include "bench_support.h"
#include "endpoint.h"
#include "served.h"

namespace gridledger::bench {
namespace {

struct Open311Served : Served {
  Open311Served() : Served({Endpoint()}) {
    auto op = Connect("unix:" + dir + ".sock");
    if (!op.ok()) Die("operator: " + op.status().ToString());
    api_key = (*op)->IssueCredential(IdentityKind::kIntegration, "bench-city", "")->token;
  }
  static std::shared_ptr<HttpHandler> Endpoint() {
    auto e = open311::GeoReportEndpoint::Create({});
    if (!e.ok()) Die("open311: " + e.status().ToString());
    return std::move(e).value();
  }
  std::string api_key;
};

Open311Served& S() { return RunShared<Open311Served>(); }

// One keep-alive HTTP client on the calling thread.
class HttpClient {
 public:
  explicit HttpClient(const std::string& host)
      : io_(kj::setupAsyncIo()),
        client_(kj::newHttpClient(io_.provider->getTimer(), table_, io_.provider->getNetwork(),
                                  nullptr)),
        base_("http://" + host) {}

  // The status of METHOD path (with a form body when not empty).
  int Call(kj::HttpMethod method, const std::string& path, const std::string& form = "") {
    kj::HttpHeaders headers(table_);
    if (!form.empty())
      headers.set(kj::HttpHeaderId::CONTENT_TYPE, "application/x-www-form-urlencoded");
    auto url = base_ + path;
    auto request = client_->request(method, url.c_str(), headers, form.size());
    if (!form.empty()) request.body->write(form.data(), form.size()).wait(io_.waitScope);
    request.body = nullptr;
    auto response = request.response.wait(io_.waitScope);
    response.body->readAllBytes().wait(io_.waitScope);
    return response.statusCode;
  }

 private:
  kj::AsyncIoContext io_;
  kj::HttpHeaderTable table_;
  kj::Own<kj::HttpClient> client_;
  std::string base_;
};

HttpClient& ThreadClient() {
  thread_local std::unique_ptr<HttpClient> client;
  if (!client) client = std::make_unique<HttpClient>(S().http);
  return *client;
}

std::string Encode(const std::string& s) {
  return kj::encodeWwwForm(kj::arrayPtr(s.data(), s.size())).cStr();
}

std::string PostForm(int i) {
  FileCase f = KioskFiling(i);
  return "api_key=" + Encode(S().api_key) +
         "&service_code=sewer&address_id=p1&description=" + Encode(f.description) +
         "&phone=" + f.reporter_phone + "&last_name=" + Encode("王") +
         "&first_name=" + Encode("阿姨");
}

std::string Key(const char* what, int threads) {
  return std::string("open311-") + what + "/" + std::to_string(threads);
}

enum class Via { kLocal, kRpc, kHttp };

template <typename Fn>
void Filings(benchmark::State& state, Via via, Fn&& file_one) {
  WallTimer timer;
  bool started = false;
  int i = 5000000 + state.thread_index() * 100000;
  for (auto _ : state) {
    if (!started && state.thread_index() == 0) timer.Start();
    started = true;
    if (!file_one(i++)) state.SkipWithError("a filing failed");
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    double eps = timer.EventsPerSecond(state, 1);
    std::string key = Key("file", state.threads());
    std::string rpc = Key("rpc", state.threads());
    if (via == Via::kLocal) {
      SetBaseline(key, eps);
    } else if (via == Via::kRpc) {
      SetBaseline(rpc, eps);
      ReportRatio(state, eps, key, "x_local");
    } else {
      ReportRatio(state, eps, key, "x_local");
      ReportRatio(state, eps, rpc, "x_rpc");
    }
  }
}

void BM_LocalFile(benchmark::State& state) {
  Engine& e = S().server->engine();
  Filings(state, Via::kLocal,
          [&](int i) { return e.File(Actor::System("bench-city"), KioskFiling(i)).ok(); });
}

void BM_RpcFile(benchmark::State& state) {
  RemoteEngine& c = S().Client(300 + state.thread_index(), S().api_key);
  Filings(state, Via::kRpc, [&](int i) { return c.File({}, KioskFiling(i)).ok(); });
}

void BM_PostRequests(benchmark::State& state) {
  HttpClient& http = ThreadClient();
  Filings(state, Via::kHttp, [&](int i) {
    return http.Call(kj::HttpMethod::POST, "/open311/v2/requests.json", PostForm(i)) == 200;
  });
}

constexpr int kOpenLoopClients = 8;

void BM_RpcGetCaseOpenLoop(benchmark::State& state) {
  Open311Served& s = S();
  std::vector<RemoteEngine*> clients;
  for (int c = 0; c < kOpenLoopClients; ++c) clients.push_back(&s.Client(400 + c, s.api_key));
  std::atomic<int> next{0};
  thread_local int mine = -1;
  OpenLoopResult r;
  for (auto _ : state) {
    r = RunOpenLoop(static_cast<double>(state.range(0)), std::chrono::milliseconds(3000),
                    kOpenLoopClients, [&](uint64_t i) {
                      if (mine < 0) mine = next++ % kOpenLoopClients;
                      return clients[mine]->GetCase({}, s.cases[i % s.cases.size()].case_id).ok();
                    });
  }
  ReportOpenLoop(state, r);
  mine = -1;
}

void BM_GetRequestOpenLoop(benchmark::State& state) {
  Open311Served& s = S();
  const std::string key = "?api_key=" + Encode(s.api_key);
  OpenLoopResult r;
  for (auto _ : state) {
    r = RunOpenLoop(static_cast<double>(state.range(0)), std::chrono::milliseconds(3000),
                    kOpenLoopClients, [&](uint64_t i) {
                      const std::string& id = s.cases[i % s.cases.size()].case_id;
                      return ThreadClient().Call(kj::HttpMethod::GET, "/open311/v2/requests/" + id +
                                                                          ".json" + key) == 200;
                    });
  }
  ReportOpenLoop(state, r);
}

void Clients(benchmark::internal::Benchmark* b) {
  for (int n : {1, 16, 64}) b->Threads(n);
  b->UseRealTime();
}

BENCHMARK(BM_LocalFile)->Name("Open311/LocalFile")->Apply(Clients);
BENCHMARK(BM_RpcFile)->Name("Open311/RpcFile")->Apply(Clients);
BENCHMARK(BM_PostRequests)->Name("Open311/PostRequests")->Apply(Clients);
BENCHMARK(BM_RpcGetCaseOpenLoop)
    ->Name("Open311/RpcGetCaseOpenLoop")
    ->ArgName("per_s")
    ->Arg(1000)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK(BM_GetRequestOpenLoop)
    ->Name("Open311/GetRequestOpenLoop")
    ->ArgName("per_s")
    ->Arg(1000)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace
}  // namespace gridledger::bench
