// `gridledger city serve`: the city's views kept live and served over HTTP
// (gridledger/web_server.h), for a city platform's dashboards and data hub. A CityHub
// (gridledger/city_hub.h) keeps one replica per partition following its
// JetStream stream; every request is answered from the replicas as they
// stand, with the same views (city_views.h) as `city stats|queue|ledger
// --json`:
//   GET /city/stats?from=&to=&street=&community=&grid=&streets=0
//   GET /city/queue?street=&community=&grid=
//   GET /city/ledger?from=&to=&street=&community=&grid=
//   GET /city/partitions   each replica's position, its stream's last
//                          sequence, the lag, connected, failures
//   GET /metrics           the same per partition, Prometheus text format
//   GET /healthz
// Read-only: no request can change a replica. Requests are answered one at
// a time on the web server's thread (each reads the replicas' stored read
// models: milliseconds), which suits dashboards polling, not a public site.
// SIGTERM or SIGINT stops it: following ends, the replicas are closed, and
// it exits 0.
#ifdef GRIDLEDGER_WITH_JETSTREAM
#include <prometheus/metric_family.h>
#include <prometheus/text_serializer.h>
#include <pthread.h>
#include <signal.h>

#include <iostream>

#include "city_args.h"
#include "city_views.h"
#include "context.h"
#include "gridledger/city_hub.h"
#include "gridledger/web_server.h"

namespace gridledger::cli {
namespace {

HttpResponse JsonAnswer(int status, const Json& j) {
  return {status, "application/json; charset=utf-8", j.dump(2) + "\n"};
}

HttpResponse Error(int status, const std::string& message) {
  return JsonAnswer(status, Json{{"error", message}});
}

// The city's views over the hub's replicas.
class CityViews {
 public:
  explicit CityViews(CityHub& hub) : hub_(hub) {}

  HttpResponse Answer(const HttpRequest& request) {
    try {
      return Route(request.segments, request.fields);
    } catch (const CliError& e) {
      return Error(e.exit_code() == kExitUsage ? 400 : 500, e.what());
    }
  }

 private:
  HttpResponse Route(const std::vector<std::string>& path,
                     const std::vector<std::pair<std::string, std::string>>& query) {
    if (path == std::vector<std::string>{"healthz"})
      return {200, "text/plain; charset=utf-8", "ok\n"};
    if (path == std::vector<std::string>{"metrics"})
      return {200, "text/plain; version=0.0.4; charset=utf-8", Metrics()};
    if (path.size() != 2 || path[0] != "city")
      return Error(404,
                   "no such view: try /city/stats, /city/queue, /city/ledger, "
                   "/city/partitions or /metrics");
    const std::string& view = path[1];
    Filters filters;
    bool streets = true;
    const bool timed = view == "stats" || view == "ledger";
    for (const auto& [name, value] : query) {
      if (name == "street")
        filters.street = value;
      else if (name == "community")
        filters.community = value;
      else if (name == "grid")
        filters.grid = value;
      else if (timed && name == "from")
        filters.from = value;
      else if (timed && name == "to")
        filters.to = value;
      else if (view == "stats" && name == "streets" && (value == "0" || value == "1"))
        streets = value == "1";
      else
        throw CliError("unknown parameter '" + name + "' for /city/" + view, kExitUsage);
    }
    const CityPartitions partitions = [this](const PartitionVisitor& each) {
      for (size_t i = 0; i < hub_.districts().size(); ++i)
        each(hub_.districts()[i], hub_.partition(i));
    };
    if (view == "stats") return JsonAnswer(200, CityStats(partitions, filters, !streets, nullptr));
    if (view == "queue") return JsonAnswer(200, CityQueue(partitions, filters, nullptr));
    if (view == "ledger") return JsonAnswer(200, CityLedger(partitions, filters, nullptr));
    if (view == "partitions" && query.empty()) return JsonAnswer(200, Partitions());
    return Error(404, "no such view: /city/" + view);
  }

  Json Partitions() const {
    Json out = Json::array();
    for (const CityPartitionStatus& p : hub_.status()) {
      const StandbyStatus& f = p.following;
      out.push_back({{"partition", p.district},
                     {"stream", p.stream},
                     {"position", f.applied.value},
                     {"streamLastSequence", f.source_last.value},
                     {"lag", f.lag()},
                     {"connected", f.connected},
                     {"failed", f.failed},
                     {"failures", f.failures},
                     {"lastError", f.last_error}});
    }
    return out;
  }

  std::string Metrics() const {
    using prometheus::ClientMetric;
    using prometheus::MetricFamily;
    using prometheus::MetricType;
    struct Series {
      const char* name;
      const char* help;
      MetricType type;
      double (*value)(const StandbyStatus&);
    };
    const Series series[] = {
        {"gridledger_city_partition_position", "the replica's committed position",
         MetricType::Gauge, [](const StandbyStatus& s) { return double(s.applied.value); }},
        {"gridledger_city_partition_stream_last_sequence",
         "the partition stream's last sequence, as last read", MetricType::Gauge,
         [](const StandbyStatus& s) { return double(s.source_last.value); }},
        {"gridledger_city_partition_lag_events", "events in the stream not yet in the replica",
         MetricType::Gauge, [](const StandbyStatus& s) { return double(s.lag()); }},
        {"gridledger_city_partition_connected", "1 while following works", MetricType::Gauge,
         [](const StandbyStatus& s) { return s.connected ? 1.0 : 0.0; }},
        {"gridledger_city_partition_failed",
         "1 when the stream does not continue the replica (following stopped)", MetricType::Gauge,
         [](const StandbyStatus& s) { return s.failed ? 1.0 : 0.0; }},
        {"gridledger_city_partition_failures_total", "failures to follow, since start",
         MetricType::Counter, [](const StandbyStatus& s) { return double(s.failures); }},
    };
    const std::vector<CityPartitionStatus> status = hub_.status();
    std::vector<MetricFamily> families;
    for (const Series& s : series) {
      MetricFamily f;
      f.name = s.name;
      f.help = s.help;
      f.type = s.type;
      for (const CityPartitionStatus& p : status) {
        ClientMetric m;
        m.label = {{"partition", p.district}};
        if (s.type == MetricType::Counter)
          m.counter.value = s.value(p.following);
        else
          m.gauge.value = s.value(p.following);
        f.metric.push_back(std::move(m));
      }
      families.push_back(std::move(f));
    }
    return prometheus::TextSerializer().Serialize(families);
  }

  CityHub& hub_;
};

}  // namespace

void RunCityServe(const CityArgs& args) {
  // Blocked before any thread starts, so that every thread inherits the
  // mask and sigwait below alone takes them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  CityHubOptions o;
  o.streams = args.identity;
  o.streams.servers = args.servers;
  o.streams.subject_prefix = args.subject_prefix;
  o.districts = args.districts;
  o.cache = args.cache;
  auto hub = ValueOrThrow(CityHub::Start(o), "starting the city hub");
  CityViews views(*hub);
  WebServerOptions web;
  web.listen = args.listen;
  auto server = WebServer::Start(web, [&views](const HttpRequest& r) { return views.Answer(r); });
  if (!server.ok()) throw CliError(server.status().message(), kExitUsage);
  const std::string host = args.listen.substr(0, args.listen.rfind(':'));
  std::cout << "city serve: http://" << host << ":" << (*server)->port()
            << "/city/stats — following " << args.districts.size() << " partitions into "
            << args.cache << std::endl;
  int signo = 0;
  sigwait(&signals, &signo);
  std::cout << "city serve: " << (signo == SIGINT ? "SIGINT" : "SIGTERM") << ": stopping"
            << std::endl;
  server->reset();  // no request runs any more
  hub.reset();
}

}  // namespace gridledger::cli
#endif
