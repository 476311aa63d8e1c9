// gridledgerd: serves one GridLedger data directory (one jurisdiction
// partition) to hall kiosks, grid workers, other systems and operators over
// Cap'n Proto RPC. See docs/server.md.
//
// Exit codes: 0 stopped cleanly (SIGTERM / SIGINT drain), 1 could not start,
// 2 the command line or configuration is wrong.
#include <signal.h>
#include <systemd/sd-daemon.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "build_info.h"
#include "endpoint.h"
#include "gridledger/event_log.h"
#include "gridledger/server.h"
#ifdef GRIDLEDGER_WITH_JETSTREAM
#include "gridledger/jetstream.h"
#endif

int main(int argc, char** argv) {
  CLI::App app{
      "gridledgerd: serve a GridLedger (网格台账) data directory to kiosks, workers, other "
      "systems and operators (Cap'n Proto RPC over a unix socket and TLS)."};
  app.name("gridledgerd");
  app.set_version_flag("--version", gridledger::tools::VersionText("gridledgerd"),
                       "print the version and the allocator in use, then exit");
  app.set_config("--config", "",
                 "read options from this file (key = value lines, see docs/server.md)");

  gridledger::ServerOptions options;
  app.add_option("-d,--data", options.data_dir, "the data directory to serve")->required();
  app.add_option("--socket", options.unix_socket,
                 "unix socket for local tools; its permissions (0660) are the access control");
  app.add_option("--listen", options.tls_listen, "TLS address HOST:PORT (repeatable)");
  app.add_option("--cert", options.tls_certificate_file, "PEM certificate (chain) of the server");
  app.add_option("--key", options.tls_key_file, "PEM private key of the server");
  app.add_option("--client-ca", options.client_ca_file,
                 "PEM CA: TLS clients must present a certificate it signed");
  app.add_option("--insecure-loopback", options.insecure_loopback,
                 "plain TCP on a loopback address, for tests only (repeatable)");
  app.add_option("--http-listen", options.http_listen,
                 "HTTPS address HOST:PORT of /metrics, /healthz, /readyz (repeatable)");
  app.add_option("--http-insecure-loopback", options.http_insecure_loopback,
                 "plain HTTP on a loopback address for /metrics etc. (repeatable)");
  app.add_option("--credential-key", options.credential_key_file,
                 "key of the credentials' keyed hashes (default: DATA/credentials.key)");
  app.add_option("--threads", options.engine_threads, "threads running engine calls")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  bool open311 = false;
  gridledger::open311::EndpointOptions open311_options;
  std::string open311_source = "hotline";
  app.add_flag("--open311", open311,
               "serve Open311 GeoReport v2 under /open311/v2/ on the HTTP addresses "
               "(docs/open311.md)");
  app.add_option("--open311-jurisdiction", open311_options.jurisdiction_id,
                 "the jurisdiction_id this partition answers to (default: any)");
  app.add_option("--open311-base-url", open311_options.base_url,
                 "public base URL of the endpoint, for discovery");
  app.add_option("--open311-contact", open311_options.contact, "contact text for discovery");
  app.add_option("--open311-code-map", open311_options.code_map_file,
                 "file of \"foreign_code,catalogue_code\" lines: other systems' service codes");
  app.add_option("--open311-source", open311_source,
                 "source recorded on POSTed cases: hotline or import")
      ->capture_default_str()
      ->check(CLI::IsMember({"hotline", "import"}));
  app.add_option("--open311-max-results", open311_options.max_results,
                 "most requests or updates one GET returns")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--http-max-body", options.max_http_body_bytes,
                 "largest HTTP request body accepted, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(1024, 64 << 20));
  app.add_option("--http-header-timeout-ms", options.http_header_timeout_ms,
                 "a client must send its request header within this time")
      ->capture_default_str()
      ->check(CLI::Range(100, 600000));
  app.add_option("--http-body-timeout-ms", options.http_body_timeout_ms,
                 "and its body within this time after the header")
      ->capture_default_str()
      ->check(CLI::Range(100, 600000));
  app.add_option("--partition", options.engine.partition,
                 "the district code (6 digits) this store is; new case numbers carry it "
                 "(case-411302-20261201-0001). Recorded at the first start that names it; "
                 "default: the recorded one, else --forward-district");
  // The daemon owns its process: RocksDB's flushes and compactions yield
  // the CPU to the writer (docs/benchmarks.md: the durable p99 at 50,000
  // appends/s held 5 ms in 11 of 12 runs so, 5 of 9 without).
  std::string background_priority = "low";
  app.add_option("--background-priority", background_priority,
                 "CPU priority of the store's flush and compaction threads: low (below the "
                 "log's writer) or normal")
      ->capture_default_str()
      ->check(CLI::IsMember({"low", "normal"}));
  int64_t deadline_scan_seconds = 300;
  app.add_option("--deadline-scan-seconds", deadline_scan_seconds,
                 "how often to scan for deadline warnings and overdue cases (0: never)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);

#ifdef GRIDLEDGER_WITH_JETSTREAM
  gridledger::JetStreamOptions forward;
  app.add_option("--forward", forward.servers,
                 "forward every committed event to NATS JetStream at these URLs "
                 "(nats://HOST:PORT, comma-separated; see docs/scaling.md)");
  app.add_option("--forward-district", forward.district,
                 "the partition's district code (6 digits): subjects and the stream's name");
  app.add_option("--forward-stream", forward.stream,
                 "the partition's stream (default: GL_DISTRICT)");
  app.add_option("--forward-subject-prefix", forward.subject_prefix, "first subject token(s)")
      ->capture_default_str();
  app.add_option("--forward-lease-bucket", forward.lease_bucket,
                 "hold the partition's lease in this JetStream key-value bucket (fencing: a "
                 "node that loses it takes no more writes); e.g. GL_LEASES");
  app.add_option("--forward-lease-holder", forward.lease_holder,
                 "this node's name in the lease (required with --forward-lease-bucket)");
  app.add_option("--forward-replicas", forward.replicas,
                 "replicas of the stream when gridledgerd creates it (1, 3 or 5)")
      ->capture_default_str();
  app.add_option("--forward-creds", forward.credentials_file,
                 "a NATS credentials file (JWT and NKey) for the forwarder");
  app.add_option("--forward-user", forward.user, "the forwarder's NATS user");
  app.add_option("--forward-password-file", forward.password_file,
                 "a file whose first line is that user's password");
  app.add_option("--forward-ca", forward.tls_ca_file,
                 "the CA of the NATS servers' certificates (forward over TLS)");
  app.add_option("--forward-cert", forward.tls_cert_file,
                 "this node's TLS client certificate for NATS");
  app.add_option("--forward-key", forward.tls_key_file, "this node's TLS client key for NATS");
  int64_t lease_ttl_ms = 10000;
  app.add_option("--forward-lease-ttl-ms", lease_ttl_ms,
                 "TTL of the lease bucket when gridledgerd creates it: a holder that stops "
                 "renewing loses the lease after this long")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{500}, int64_t{3600000}));
  bool standby = false;
  bool take_over = false;
  std::string standby_stream;  // for the ready line
  app.add_flag("--standby", standby,
               "run as a live standby of the partition: follow its stream (--forward, "
               "--forward-district) into the data directory, serve reads, refuse every write, "
               "and become the primary when the lease (--forward-lease-bucket) names "
               "--forward-lease-holder (gridledger forward promote NAME)");
  app.add_flag("--standby-take-over", take_over,
               "with --standby: also become the primary when the lease has lapsed (the primary "
               "stopped renewing for the bucket's TTL), taking it with a revision-checked create");
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  options.engine.deadline_scan_every = std::chrono::seconds(deadline_scan_seconds);
  options.engine.log.storage.lower_background_priority = background_priority == "low";
  if (open311) {
    if (options.http_listen.empty() && options.http_insecure_loopback.empty()) {
      std::cerr << "gridledgerd: --open311 needs an HTTP address (--http-listen)\n";
      return 2;
    }
    open311_options.source = open311_source == "import" ? gridledger::CaseSource::kImport
                                                        : gridledger::CaseSource::kHotline;
    auto endpoint = gridledger::open311::GeoReportEndpoint::Create(open311_options);
    if (!endpoint.ok()) {
      std::cerr << "gridledgerd: --open311: " << endpoint.status().message() << '\n';
      return 2;
    }
    options.http_handlers.push_back(std::move(endpoint).value());
  }
#ifdef GRIDLEDGER_WITH_JETSTREAM
  forward.lease_ttl = std::chrono::milliseconds(lease_ttl_ms);
  if ((standby || take_over) &&
      (forward.servers.empty() || forward.lease_bucket.empty() || forward.lease_holder.empty())) {
    std::cerr << "gridledgerd: --standby needs --forward URLS, --forward-district D, "
                 "--forward-lease-bucket B and --forward-lease-holder NAME\n";
    return 2;
  }
  if (take_over && !standby) {
    std::cerr << "gridledgerd: --standby-take-over needs --standby\n";
    return 2;
  }
  if (!forward.servers.empty()) {
    auto valid = gridledger::ValidateJetStreamOptions(forward);
    if (!valid.ok()) {
      std::cerr << "gridledgerd: " << valid.status().ToString() << '\n';
      return 2;
    }
    if (options.engine.partition.empty()) options.engine.partition = valid->district;
    if (!valid->lease_bucket.empty() && valid->lease_holder.empty()) {
      std::cerr << "gridledgerd: --forward-lease-bucket needs --forward-lease-holder NAME\n";
      return 2;
    }
    // A log behind its own stream (a damaged or truncated WAL, the wrong
    // directory) must not serve: it would hand out positions the stream
    // already holds for other events. Checked when the cluster answers; if it
    // does not, the forwarder checks again when it connects and stops.
    // (A standby is behind its stream by design: it catches up before it
    // takes a write.)
    gridledger::LogOptions read_only;
    read_only.read_only = true;
    auto local = standby ? gridledger::Result<std::unique_ptr<gridledger::EventLog>>(
                               gridledger::Status::Unavailable("a standby"))
                         : gridledger::EventLog::Open(options.data_dir, read_only);
    auto stream = standby ? gridledger::Result<gridledger::JetStreamState>(
                                gridledger::Status::Unavailable("a standby"))
                          : gridledger::ReadJetStreamState(*valid);
    if (local.ok() && stream.ok() && stream->last_sequence > (*local)->Committed().value) {
      std::cerr << "gridledgerd: cannot start: the log in " << options.data_dir
                << " ends at position " << (*local)->Committed().value << " but its stream "
                << valid->stream << " holds " << stream->last_sequence
                << ": the local log is behind its stream (damaged or truncated). Rebuild it from "
                   "the stream: gridledger forward restore NEW_DIR --nats "
                << valid->servers << " --district " << valid->district
                << ", then serve NEW_DIR (keep the old directory for inspection)\n";
      return 1;
    }
    local = gridledger::Status::Unavailable("closed");
    options.make_forward_sink = [o = *valid]() {
      auto sink = gridledger::MakeJetStreamSink(o);
      return sink.ok() ? std::move(sink).value() : nullptr;
    };
    if (standby) {
      auto source = gridledger::MakeJetStreamStandbySource(*valid, take_over);
      if (!source.ok()) {
        std::cerr << "gridledgerd: " << source.status().ToString() << '\n';
        return 2;
      }
      standby_stream = valid->stream;
      options.standby.refusal =
          "this node is a standby of partition " + valid->district + " following stream " +
          valid->stream + "; promote it with gridledger forward promote " + valid->lease_holder;
      options.make_standby_source = [o = *valid, take_over]() {
        auto made = gridledger::MakeJetStreamStandbySource(o, take_over);
        return made.ok() ? std::move(made).value() : nullptr;
      };
    }
  }
#endif

  // Signals are taken by sigwait below; every thread started from here on
  // inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server = gridledger::Server::Start(options);
  if (!server.ok()) {
    std::cerr << "gridledgerd: cannot start: " << server.status().ToString() << '\n';
    return 1;
  }
  std::string line = "gridledgerd ready";
  for (const auto& a : (*server)->Addresses()) line += " " + a.transport + ":" + a.address;
#ifdef GRIDLEDGER_WITH_JETSTREAM
  // A standby says what it follows and from where: "standby:GL_411302@120".
  if (auto sb = (*server)->standby())
    line += " standby:" + standby_stream + "@" + std::to_string(sb->applied.value);
#endif
  std::cout << line << std::endl;  // the ready line: tests and supervisors wait for it
  // Under systemd (Type=notify) the unit is "started" only now; elsewhere
  // NOTIFY_SOCKET is unset and this does nothing.
  sd_notify(0, "READY=1\nSTATUS=serving");

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::cerr << "gridledgerd: " << (signal_number == SIGTERM ? "SIGTERM" : "SIGINT")
            << ": draining\n";
  sd_notify(0, "STOPPING=1\nSTATUS=draining");
  (*server)->Stop();
  std::cout << "gridledgerd stopped" << std::endl;
  return 0;
}
