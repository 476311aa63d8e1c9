// export ledger --format csv|json.
#include "ledger_export.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "engine_context.h"
#include "output.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

std::string Time(Timestamp t) { return ToMicros(t) == 0 ? "" : tools::FormatShort(t); }

struct LedgerArgs {
  std::string format = "csv";
  std::string output;
  Filters filters;
};

void RunExportLedger(const GlobalOptions& options, const LedgerArgs& args) {
  if (args.format != "csv" && args.format != "json")
    throw CliError("--format must be csv or json, not \"" + args.format + "\"", kExitUsage);
  const Filters& f = args.filters;
  f.CheckState();
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  auto all =
      ValueOrThrow(engine->Ledger(CliActor(), f.Scope(), f.From(), f.To()), "reading the ledger");
  std::vector<LedgerEntry> entries;
  for (auto& e : all)
    if (f.Matches(e.state)) entries.push_back(std::move(e));
  std::string text;
  if (args.format == "csv") {
    text = LedgerCsv(entries);
  } else {
    Json out = Json::array();
    for (const auto& e : entries)
      out.push_back(
          {{"caseId", e.case_id},
           {"gridCode", e.grid_code},
           {"category", e.category},
           {"description", e.description},
           {"state", StateKey(e.state)},
           {"stateName", std::string(CaseStateName(e.state, true))},
           {"filedAt", ToMicros(e.filed_at) ? Json(tools::FormatIso(e.filed_at)) : Json()},
           {"deadline", ToMicros(e.deadline) ? Json(tools::FormatIso(e.deadline)) : Json()},
           {"closedAt", ToMicros(e.closed_at) ? Json(tools::FormatIso(e.closed_at)) : Json()},
           {"closedOff", e.closed_off},
           {"onTime", e.on_time},
           {"assignee", e.assignee}});
    text = DumpJson(out, 2) + "\n";
  }
  if (args.output.empty() || args.output == "-") {
    std::cout << text;
  } else {
    std::ofstream out(args.output, std::ios::binary);
    if (!out) throw CliError("cannot write " + args.output + ": check the directory exists");
    out << text;
    std::cerr << "wrote " << entries.size() << " ledger lines to " << args.output << '\n';
  }
}

}  // namespace

std::string CsvCell(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string LedgerCsv(const std::vector<LedgerEntry>& entries) {
  std::string out = "\xEF\xBB\xBF";
  out +=
      "序号,案件编号,网格编码,类别,问题描述,状态,受理时间,办理时限,办结时间,是否销号,是否按期办结,"
      "承办人\r\n";
  size_t n = 0;
  for (const auto& e : entries) {
    const ServiceCategory* cat = FindCategory(e.category);
    std::vector<std::string> cells = {std::to_string(++n),
                                      e.case_id,
                                      e.grid_code,
                                      cat ? cat->name_zh : e.category,
                                      e.description,
                                      std::string(CaseStateName(e.state, true)),
                                      Time(e.filed_at),
                                      Time(e.deadline),
                                      Time(e.closed_at),
                                      e.closed_off ? "是" : "否",
                                      e.closed_off ? (e.on_time ? "是" : "否") : "",
                                      e.assignee};
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + CsvCell(cells[i]);
    out += "\r\n";
  }
  return out;
}

void RegisterLedgerExport(CLI::App& export_cmd, GlobalOptions& options) {
  auto args = std::make_shared<LedgerArgs>();
  auto* ledger = export_cmd.add_subcommand("ledger", "the ledger (台账) as CSV (Excel) or JSON");
  ledger->add_option("--format", args->format, "csv or json")->default_val("csv");
  ledger->add_option("-o,--output", args->output, "write to this file instead of stdout");
  args->filters.Register(ledger);
  ledger->callback([&options, args] { RunExportLedger(options, *args); });
}

}  // namespace gridledger::cli
