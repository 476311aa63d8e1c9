#include "testing/certificates.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace gridledger::testing {

ShellRun Shell(const std::string& command) {
  ShellRun r;
  std::string full = "bash -c '" + command + "' 2>&1";
  // Single quotes inside `command` are not supported; tests do not need them.
  FILE* p = ::popen(full.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

Certificates MakeCertificates(const std::string& dir) {
  Certificates c;
  c.ca = dir + "/ca.pem";
  c.server_cert = dir + "/server.pem";
  c.server_key = dir + "/server.key";
  c.other_ca = dir + "/other-ca.pem";
  c.client_cert = dir + "/client.pem";
  c.client_key = dir + "/client.key";
  std::string d = dir;
  std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
  std::string script =
      "set -e; cd " + d + "; " + "openssl req -x509 " + ec +
      " -keyout ca.key -out ca.pem -days 2 -subj /CN=GridLedgerTestCA; " + "openssl req -x509 " +
      ec + " -keyout other-ca.key -out other-ca.pem -days 2 -subj /CN=Other; " + "openssl req " +
      ec + " -keyout server.key -out server.csr -subj /CN=localhost; " +
      "printf \"subjectAltName=DNS:localhost,IP:127.0.0.1\\n\" > san.ext; " +
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem "
      "-days 2 -extfile san.ext; " +
      "openssl req " + ec + " -keyout client.key -out client.csr -subj /CN=kiosk-hall-1; " +
      "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem "
      "-days 2";
  ShellRun r = Shell(script);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return c;
}

}  // namespace gridledger::testing
