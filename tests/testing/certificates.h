// What tests make with real tools: a shell command's status and output,
// and a CA with certificates signed by it, made with openssl.
#pragma once

#include <string>

namespace gridledger::testing {

// Runs `command` under bash; returns its exit status and stdout.
struct ShellRun {
  int exit_code = -1;
  std::string out;
};
ShellRun Shell(const std::string& command);

// A CA and certificates signed by it, made with openssl in `dir`.
struct Certificates {
  std::string ca, server_cert, server_key;  // server: CN/SAN localhost, 127.0.0.1
  std::string other_ca;                     // a CA that signed nothing of ours
  std::string client_cert, client_key;      // signed by `ca`
};
Certificates MakeCertificates(const std::string& dir);

}  // namespace gridledger::testing
