#ifdef GRIDLEDGER_WITH_JETSTREAM
#include "nats_cli.h"

namespace gridledger::cli {

void AddNatsIdentity(CLI::App* cmd, JetStreamOptions& o) {
  cmd->add_option("--nats-creds", o.credentials_file, "a NATS credentials file (JWT and NKey)");
  cmd->add_option("--nats-user", o.user, "the NATS user");
  cmd->add_option("--nats-password-file", o.password_file,
                  "a file whose first line is the NATS user's password");
  cmd->add_option("--nats-ca", o.tls_ca_file,
                  "the CA of the NATS servers' certificates (connect with TLS)");
  cmd->add_option("--nats-cert", o.tls_cert_file, "this client's TLS certificate");
  cmd->add_option("--nats-key", o.tls_key_file, "this client's TLS key");
}

}  // namespace gridledger::cli
#endif
