// Runs the real `gridledger` executable (GL_CLI) in a shell and captures its
// exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "nlohmann/json.hpp"
#include "testing/temp_dir.h"

namespace gridledger::testing {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Single-quotes `s` for /bin/sh.
inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// A data directory in a temporary directory, and a way to run the CLI on it.
class Cli {
 public:
  Cli() : data_(tmp_.Sub("data")) {}

  const std::string& data() const { return data_; }
  std::string Sub(const std::string& name) const { return tmp_.Sub(name); }

  // Runs `gridledger <args>` (args already shell-quoted where needed) with
  // `input` on stdin. --data is NOT added; use Run() for that.
  CliResult RunRaw(const std::string& args, const std::string& input = "",
                   const std::string& env = "GRIDLEDGER_PROGRESS=0") const {
    std::string in = tmp_.Sub("stdin"), out = tmp_.Sub("stdout"), err = tmp_.Sub("stderr");
    WriteFile(in, input);
    std::string cmd = env + " " + ShellQuote(GL_CLI) + " " + args + " <" + ShellQuote(in) + " >" +
                      ShellQuote(out) + " 2>" + ShellQuote(err);
    int status = std::system(cmd.c_str());
    CliResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadFile(out);
    r.err = ReadFile(err);
    return r;
  }

  // `gridledger --data <data> <args>`.
  CliResult Run(const std::string& args, const std::string& input = "") const {
    return RunRaw("--data " + ShellQuote(data_) + " " + args, input);
  }

  // Runs and expects exit 0; returns stdout.
  std::string Ok(const std::string& args, const std::string& input = "") const {
    CliResult r = Run(args, input);
    EXPECT_EQ(r.code, 0) << "gridledger " << args << "\nstderr: " << r.err << "\nstdout: " << r.out;
    return r.out;
  }

  // Runs with --json, expects exit 0, parses stdout.
  nlohmann::json Json(const std::string& args, const std::string& input = "") const {
    std::string out = Ok("--json " + args, input);
    try {
      return nlohmann::json::parse(out);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not JSON: " << e.what() << "\n" << out;
      return {};
    }
  }

 private:
  TempDir tmp_;
  std::string data_;
};

}  // namespace gridledger::testing
