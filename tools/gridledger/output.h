// Output helpers: human tables on stdout, a progress bar on stderr, and the
// error type every subcommand throws to end the run with an exit code.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gridledger::cli {

// Exit codes of the tool (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Thrown by a subcommand to stop with `exit_code` after printing `what()`
// to stderr as "gridledger: error: <what>". Messages say what is wrong and
// how to fix it, in plain words.
class CliError : public std::runtime_error {
 public:
  explicit CliError(std::string message, int exit_code = kExitFailure)
      : std::runtime_error(std::move(message)), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Columns on a terminal a UTF-8 string takes: CJK and full-width
// characters count 2, combining marks 0, everything else 1.
size_t DisplayWidth(std::string_view utf8);

// A left-aligned text table with a header row and a dashed rule, padded by
// display width so Chinese text lines up.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Prints "key: value" lines with the keys aligned.
void PrintFields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields);

// A progress bar on stderr, drawn only when stderr is a terminal (or
// GRIDLEDGER_PROGRESS=1) so that scripts and tests see clean output.
// Redraws at most ten times a second; Finish() ends the line.
class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `done` of `total` units (total 0: unknown, shows a count).
  void Update(uint64_t done, uint64_t total);
  void Finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
  std::chrono::steady_clock::time_point start_;
};

// Human formatting of byte counts ("12.3 MiB") and rates ("1.2k").
std::string FormatBytes(uint64_t bytes);
std::string FormatPercent(double ratio);

}  // namespace gridledger::cli
