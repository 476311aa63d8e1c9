// What every command that talks to a NATS cluster shares: the identity
// options (credentials and TLS) and how a cluster's refusal is reported.
#pragma once

#include <string>

#include "CLI/CLI.hpp"
#include "gridledger/jetstream.h"
#include "output.h"

namespace gridledger::cli {

// A call to the NATS cluster: its failure says what the cluster answered
// (unreachable, authorization, TLS), never that a data directory is busy.
template <typename T>
T FromCluster(Result<T> result, const std::string& context) {
  if (!result.ok()) throw CliError(context + ": " + result.status().message());
  return std::move(result).value();
}

// Who connects to the cluster and over what (JetStreamOptions' credentials
// and TLS): --nats-creds, --nats-user, --nats-password-file, --nats-ca,
// --nats-cert, --nats-key on `cmd`, into `o`.
void AddNatsIdentity(CLI::App* cmd, JetStreamOptions& o);

}  // namespace gridledger::cli
