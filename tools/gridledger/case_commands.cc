// show, cases, queue, ledger, stats: the engine's read models.
#include <iostream>
#include <memory>

#include "commands.h"
#include "engine_context.h"
#include "event_fields.h"
#include "output.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

std::string Zh(CaseState s) { return std::string(CaseStateName(s, true)); }

std::string Flags(bool overdue, bool warned) { return overdue ? "超期" : warned ? "预警" : ""; }

Json TimeOrNull(Timestamp t) { return ToMicros(t) == 0 ? Json() : Json(tools::FormatIso(t)); }

}  // namespace

void RunCaseShow(const GlobalOptions& options, const std::string& case_id) {
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  CaseView v = ValueOrThrow(engine->GetCase(CliActor(), case_id), "case " + case_id);
  if (options.json) {
    Json j = {{"caseId", v.case_id},
              {"kind", v.kind},
              {"category", v.category},
              {"description", v.description},
              {"gridCode", v.location.grid_code},
              {"address", v.location.address},
              {"source", std::string(EnumName(v.source))},
              {"state", StateKey(v.state)},
              {"stateName", Zh(v.state)},
              {"priority", std::string(EnumName(v.priority))},
              {"level", std::string(EnumName(v.level))},
              {"assignee", v.assignee},
              {"assigneeName", v.assignee_name},
              {"filedAt", TimeOrNull(v.filed_at)},
              {"firstResponseAt", TimeOrNull(v.first_response_at)},
              {"deadline", TimeOrNull(v.deadline)},
              {"closedAt", TimeOrNull(v.closed_at)},
              {"overdue", v.overdue},
              {"closedOnTime", v.closed_on_time},
              {"extensions", v.extensions},
              {"reopenCount", v.reopen_count},
              {"satisfaction", v.satisfaction ? Json(*v.satisfaction) : Json()},
              {"maskedPhone", v.masked_phone},
              {"version", v.version}};
    j["timeline"] = Json::array();
    for (const auto& t : v.timeline)
      j["timeline"].push_back(
          {{"at", tools::FormatIso(t.at)}, {"type", t.type}, {"zh", t.text_zh}, {"en", t.text_en}});
    PrintJson(j);
    return;
  }
  const ServiceCategory* cat = FindCategory(v.category);
  PrintFields(std::cout,
              {{"案件 case", v.case_id},
               {"类别 category", v.category + (cat ? " " + cat->name_zh : "")},
               {"描述 description", v.description},
               {"网格 grid", v.location.grid_code +
                                 (v.location.address.empty() ? "" : "  " + v.location.address)},
               {"状态 state",
                Zh(v.state) + " (" + StateKey(v.state) + ")" + (v.overdue ? "  超期 overdue" : "")},
               {"承办 assignee", v.assignee_name.empty() ? v.assignee : v.assignee_name},
               {"受理 filed", tools::FormatShort(v.filed_at)},
               {"时限 deadline", tools::FormatShort(v.deadline)},
               {"办结 closed", tools::FormatShort(v.closed_at)},
               {"联系电话 phone", v.masked_phone.empty() ? "-" : v.masked_phone}});
  std::cout << '\n';
  Table table({"时间 time", "事件 event", "经过 what happened"});
  for (const auto& t : v.timeline) table.Add({tools::FormatShort(t.at), t.type, t.text_zh});
  table.Print(std::cout);
}

namespace {

void RunCases(const GlobalOptions& options, const Filters& f, size_t limit) {
  f.CheckState();
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  auto entries =
      ValueOrThrow(engine->Ledger(CliActor(), f.Scope(), f.From(), f.To()), "listing cases");
  Json out = Json::array();
  Table table({"案件 case", "状态 state", "类别 category", "网格 grid", "受理 filed",
               "时限 deadline", "承办 assignee"});
  size_t shown = 0, matched = 0;
  for (const auto& e : entries) {
    if (!f.Matches(e.state)) continue;
    ++matched;  // counted past the limit too, so the total is told
    if (limit && shown >= limit) continue;
    ++shown;
    if (options.json) {
      out.push_back({{"caseId", e.case_id},
                     {"state", StateKey(e.state)},
                     {"category", e.category},
                     {"gridCode", e.grid_code},
                     {"filedAt", TimeOrNull(e.filed_at)},
                     {"deadline", TimeOrNull(e.deadline)},
                     {"closedAt", TimeOrNull(e.closed_at)},
                     {"assignee", e.assignee},
                     {"description", e.description}});
    } else {
      table.Add({e.case_id, Zh(e.state), e.category, e.grid_code, tools::FormatShort(e.filed_at),
                 tools::FormatShort(e.deadline), e.assignee});
    }
  }
  if (options.json) {
    PrintJson(out);
  } else {
    table.Print(std::cout);
    if (shown == matched)
      std::cout << shown << " cases\n";
    else
      std::cout << "the first " << shown << " of " << matched << " cases (--limit " << limit
                << ")\n";
  }
}

void RunQueue(const GlobalOptions& options, const Filters& f) {
  f.CheckState();
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  auto items = ValueOrThrow(engine->WorkQueue(CliActor(), f.Scope()), "reading the work queue");
  Json out = Json::array();
  Table table({"案件 case", "状态 state", "优先 priority", "时限 deadline", "", "承办 assignee",
               "类别 category"});
  size_t shown = 0;
  for (const auto& q : items) {
    if (!f.Matches(q.state)) continue;
    ++shown;
    if (options.json) {
      out.push_back({{"caseId", q.case_id},
                     {"state", StateKey(q.state)},
                     {"priority", std::string(EnumName(q.priority))},
                     {"deadline", TimeOrNull(q.deadline)},
                     {"overdue", q.overdue},
                     {"warned", q.warned},
                     {"assignee", q.assignee},
                     {"category", q.category}});
    } else {
      table.Add({q.case_id, Zh(q.state), std::string(EnumName(q.priority)),
                 tools::FormatShort(q.deadline), Flags(q.overdue, q.warned), q.assignee,
                 q.category});
    }
  }
  if (options.json) {
    PrintJson(out);
  } else {
    table.Print(std::cout);
    std::cout << shown << " open cases, most urgent first\n";
  }
}

void RunLedger(const GlobalOptions& options, const Filters& f) {
  f.CheckState();
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  auto entries =
      ValueOrThrow(engine->Ledger(CliActor(), f.Scope(), f.From(), f.To()), "reading the ledger");
  Json out = Json::array();
  Table table({"序号", "案件编号", "网格", "类别", "状态", "受理时间", "办结时间", "销号", "按期"});
  size_t n = 0;
  for (const auto& e : entries) {
    if (!f.Matches(e.state)) continue;
    ++n;
    if (options.json) {
      out.push_back({{"caseId", e.case_id},
                     {"gridCode", e.grid_code},
                     {"category", e.category},
                     {"state", StateKey(e.state)},
                     {"filedAt", TimeOrNull(e.filed_at)},
                     {"closedAt", TimeOrNull(e.closed_at)},
                     {"closedOff", e.closed_off},
                     {"onTime", e.on_time}});
    } else {
      table.Add({std::to_string(n), e.case_id, e.grid_code, e.category, Zh(e.state),
                 tools::FormatShort(e.filed_at), tools::FormatShort(e.closed_at),
                 e.closed_off ? "是" : "否", e.closed_off ? (e.on_time ? "是" : "否") : "-"});
    }
  }
  if (options.json) {
    PrintJson(out);
  } else {
    table.Print(std::cout);
    std::cout << n << " 件 (export with: gridledger export ledger --format csv)\n";
  }
}

void RunStats(const GlobalOptions& options, const Filters& f) {
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  Statistics s =
      ValueOrThrow(engine->Stats(CliActor(), f.Scope(), f.From(), f.To()), "computing statistics");
  if (options.json) {
    PrintJson(StatisticsToJson(s));
    return;
  }
  char hours[64];
  std::snprintf(hours, sizeof hours, "%.1f h / %.1f h", s.avg_response_hours,
                s.avg_resolution_hours);
  PrintFields(std::cout,
              {{"范围 scope", s.scope.empty() ? "全部 all" : s.scope},
               {"受理 filed", std::to_string(s.filed)},
               {"办结 closed", std::to_string(s.closed)},
               {"办结率 closed rate", FormatPercent(s.closed_rate)},
               {"按期办结率 on time", FormatPercent(s.on_time_rate)},
               {"满意率 satisfaction",
                FormatPercent(s.satisfaction_rate) + " (" + std::to_string(s.rated) + " rated)"},
               {"超期未办 overdue open", std::to_string(s.overdue_open)},
               {"注销 rejected", std::to_string(s.rejected)},
               {"调解 mediations",
                std::to_string(s.mediations) + " (" + std::to_string(s.mediations_concluded) +
                    " 已结 concluded), 成功率 " + FormatPercent(s.mediation_success_rate)},
               {"巡查 patrols", std::to_string(s.patrols)},
               {"隐患排查 inspections",
                std::to_string(s.inspections) + ", 隐患 " + std::to_string(s.hazards_found)},
               {"微心愿 micro-wishes", std::to_string(s.micro_wishes)},
               {"关爱走访 care visits", std::to_string(s.care_visits)},
               {"政策知晓 informed", std::to_string(s.people_informed)},
               {"响应/办结 response/resolution", hours}});
  if (!s.by_category.empty()) {
    std::cout << '\n';
    Table table({"类别 category", "件数 cases"});
    for (const auto& [k, n] : s.by_category) table.Add({k, std::to_string(n)});
    table.Print(std::cout);
  }
}

}  // namespace

void RegisterCaseCommands(CLI::App& app, GlobalOptions& options) {
  auto case_id = std::make_shared<std::string>();
  auto* show = app.add_subcommand("show", "one case and its timeline");
  show->add_option("case", *case_id, "case id, e.g. case-20261123-0042")->required();
  show->callback([&options, case_id] { RunCaseShow(options, *case_id); });

  auto cases_filters = std::make_shared<Filters>();
  auto limit = std::make_shared<size_t>(0);
  auto* cases = app.add_subcommand("cases", "list cases filed in a time range");
  cases_filters->Register(cases);
  cases->add_option("-n,--limit", *limit, "print at most this many");
  cases->callback([&options, cases_filters, limit] { RunCases(options, *cases_filters, *limit); });

  auto queue_filters = std::make_shared<Filters>();
  auto* queue =
      app.add_subcommand("queue", "open cases, most urgent first (overdue, priority, deadline)");
  queue_filters->Register(queue, true, false);
  queue->callback([&options, queue_filters] { RunQueue(options, *queue_filters); });

  auto ledger_filters = std::make_shared<Filters>();
  auto* ledger =
      app.add_subcommand("ledger", "the ledger (台账): every matter and whether it is closed off");
  ledger_filters->Register(ledger);
  ledger->callback([&options, ledger_filters] { RunLedger(options, *ledger_filters); });

  auto stats_filters = std::make_shared<Filters>();
  auto* stats = app.add_subcommand(
      "stats", "the figures offices report: 办结率, 按期办结率, 满意率, 调解成功率");
  stats_filters->Register(stats, false, true);
  stats->footer(
      "Rates, over cases filed (mediations opened) between --from and --to (default: all "
      "time), 0 when nothing is counted:\n"
      "  办结率 closed rate       = closed / (filed - rejected)\n"
      "  按期办结率 on-time rate  = closed by the deadline / closed\n"
      "  满意率 satisfaction rate = follow-ups rating 4 or 5 / follow-ups with a rating\n"
      "  调解成功率 mediation success rate = concluded with an agreement / concluded "
      "(mediations still open are not counted)");
  stats->callback([&options, stats_filters] { RunStats(options, *stats_filters); });
}

}  // namespace gridledger::cli
