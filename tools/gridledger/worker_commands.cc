// The workers' closed loop and the grid's other work from the command line:
// `gridledger case VERB CASE ...` and `gridledger work KIND ...`, acting as
// the authenticated worker when run against a server (--server), or as the
// command line's own system actor on a local data directory. The engine's
// decider and authorisation decide every step; a rejection prints its
// reason and exits 1.

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <iostream>
#include <memory>

#include "commands.h"
#include "engine_context.h"
#include "output.h"
#include "remote_context.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

// What every step shares: the case, a request id for safe retries.
struct StepArgs {
  std::string case_id;
  std::string request_id;
};

CommandOptions OptionsFrom(const std::string& request_id) {
  CommandOptions o;
  if (request_id.empty()) return o;
  auto id = EventId::Parse(request_id);
  if (!id.ok())
    throw CliError("--request-id: " + id.status().message() + " (32 hex digits)", kExitUsage);
  o.request_id = *id;
  return o;
}

std::string StepError(const Status& s) {
  switch (s.code()) {
    case StatusCode::kRejected:
      return "the step was refused: " + s.message();
    case StatusCode::kPermissionDenied:
      return "permission denied: " + s.message();
    case StatusCode::kNotFound:
      return s.message();
    default:
      return s.ToString();
  }
}

void PrintStep(const GlobalOptions& options, const CaseView& v) {
  if (options.json) {
    PrintJson(
        {{"caseId", v.case_id},
         {"state", StateKey(v.state)},
         {"stateName", std::string(CaseStateName(v.state, true))},
         {"assignee", v.assignee},
         {"deadline", ToMicros(v.deadline) == 0 ? Json() : Json(tools::FormatIso(v.deadline))},
         {"overdue", v.overdue},
         {"version", v.version}});
    return;
  }
  std::cout << v.case_id << ": " << CaseStateName(v.state, true) << " (" << StateKey(v.state) << ")"
            << (v.assignee.empty() ? "" : "  承办 " + v.assignee) << '\n';
}

void RunStep(const GlobalOptions& options, const StepArgs& args, const CaseCommand& command) {
  auto engine = OpenEngineOrThrow(options);
  auto r = engine->Execute(CliActor(), command, OptionsFrom(args.request_id));
  if (!r.ok()) throw CliError(StepError(r.status()));
  PrintStep(options, *r);
}

AssigneeLevel ParseLevel(const std::string& s) {
  if (s == "grid") return AssigneeLevel::kGrid;
  if (s == "community") return AssigneeLevel::kCommunity;
  if (s == "street") return AssigneeLevel::kStreet;
  if (s == "department") return AssigneeLevel::kDepartment;
  throw CliError("--level must be grid, community, street or department", kExitUsage);
}

Priority ParsePriority(const std::string& s) {
  if (s == "normal") return Priority::kNormal;
  if (s == "urgent") return Priority::kUrgent;
  if (s == "emergency") return Priority::kEmergency;
  throw CliError("--priority must be normal, urgent or emergency", kExitUsage);
}

// Adds `name` under `case` with the shared CASE and --request-id.
CLI::App* Step(CLI::App* parent, const char* name, const char* help,
               const std::shared_ptr<StepArgs>& args) {
  auto* c = parent->add_subcommand(name, help);
  c->add_option("case", args->case_id, "the case id, e.g. case-20261201-0001")->required();
  c->add_option("--request-id", args->request_id,
                "id of this step (32 hex digits): a retry with the same id applies it once");
  return c;
}

void RegisterSteps(CLI::App& app, GlobalOptions& options) {
  auto* group = app.add_subcommand(
      "case", "move a case through the closed loop (立案 派遣 签收 处置 反馈 核查 结案 回访)");
  group->require_subcommand(1, 1);
  auto a = std::make_shared<StepArgs>();
  auto text = std::make_shared<std::string>();
  auto text2 = std::make_shared<std::string>();
  auto text3 = std::make_shared<std::string>();
  auto number = std::make_shared<uint32_t>(0);
  auto flag = std::make_shared<bool>(false);

  auto* reg = Step(group, "register", "立案: accept a filed case onto the ledger", a);
  reg->add_option("--priority", *text, "normal, urgent or emergency");
  reg->callback([&options, a, text] {
    cmd::Register c{a->case_id, {}};
    if (!text->empty()) c.priority = ParsePriority(*text);
    RunStep(options, *a, c);
  });

  auto* rej = Step(group, "reject", "注销: reject as invalid, duplicate or not responsible", a);
  rej->add_option("--reason", *text, "invalid, duplicate or notResponsible")->required();
  rej->add_option("--note", *text2, "why, in plain words");
  rej->add_option("--duplicate-of", *text3, "the case this one duplicates");
  rej->callback([&options, a, text, text2, text3] {
    RunStep(options, *a, cmd::Reject{a->case_id, *text, *text2, *text3});
  });

  auto* dis =
      Step(group, "dispatch", "派遣: send the case to a worker, community or department", a);
  dis->add_option("--to", *text, "worker id, community code or department")->required();
  dis->add_option("--level", *text2, "grid (default), community, street or department");
  dis->add_option("--note", *text3, "instructions");
  dis->callback([&options, a, text, text2, text3] {
    RunStep(options, *a,
            cmd::Dispatch{a->case_id, text2->empty() ? AssigneeLevel::kGrid : ParseLevel(*text2),
                          *text, *text3});
  });

  auto* ret = Step(group, "return", "退回: hand a dispatched case back (not ours)", a);
  ret->add_option("--reason", *text, "why")->required();
  ret->callback([&options, a, text] { RunStep(options, *a, cmd::Return{a->case_id, *text}); });

  Step(group, "acknowledge", "签收: accept the dispatched case", a)->callback([&options, a] {
    RunStep(options, *a, cmd::Acknowledge{a->case_id});
  });

  auto* han = Step(group, "handle", "处置: record what was done on site", a);
  han->add_option("--note", *text, "what was done")->required();
  han->callback([&options, a, text] { RunStep(options, *a, cmd::Handle{a->case_id, *text, {}}); });

  auto* rep = Step(group, "report", "反馈: report the result back for verification", a);
  rep->add_option("--result", *text, "the result")->required();
  rep->callback([&options, a, text] { RunStep(options, *a, cmd::ReportBack{a->case_id, *text}); });

  auto* ver = Step(group, "verify", "核查: verify on site (someone other than the handler)", a);
  ver->add_flag("--failed", *flag, "the check failed: the case goes back to the handler");
  ver->add_option("--note", *text, "what was found");
  ver->callback([&options, a, text, flag] {
    RunStep(options, *a, cmd::VerifyOnSite{a->case_id, !*flag, *text});
  });

  auto* clo = Step(group, "close", "结案/销号: close off a verified case", a);
  clo->add_option("--note", *text, "closing note");
  clo->callback([&options, a, text] { RunStep(options, *a, cmd::Close{a->case_id, *text}); });

  auto* fol = Step(group, "follow-up", "回访: record the resident's verdict after closing", a);
  fol->add_option("--satisfaction", *number, "1 (very unhappy) .. 5 (very satisfied)")
      ->required()
      ->check(CLI::Range(1, 5));
  fol->add_option("--comment", *text, "what the resident said");
  fol->add_flag("--not-fixed", *flag, "the resident says it is not fixed: reopens the case");
  fol->callback([&options, a, number, text, flag] {
    RunStep(options, *a, cmd::FollowUp{a->case_id, static_cast<uint8_t>(*number), *text, !*flag});
  });

  auto* reo = Step(group, "reopen", "重新办理: reopen a closed case", a);
  reo->add_option("--reason", *text, "why")->required();
  reo->callback([&options, a, text] { RunStep(options, *a, cmd::Reopen{a->case_id, *text}); });

  auto* ext = Step(group, "extend", "延期: extend the deadline by working days", a);
  ext->add_option("--days", *number, "working days")->required()->check(CLI::Range(1, 60));
  ext->add_option("--reason", *text, "why")->required();
  ext->add_option("--approved-by", *text2, "who approved it");
  ext->callback([&options, a, number, text, text2] {
    RunStep(options, *a, cmd::ExtendDeadline{a->case_id, *number, *text, *text2});
  });

  auto* sus = Step(group, "suspend", "挂起: pause the clock (waiting for a third party)", a);
  sus->add_option("--reason", *text, "why")->required();
  sus->callback([&options, a, text] { RunStep(options, *a, cmd::Suspend{a->case_id, *text}); });

  Step(group, "resume", "恢复: restart a suspended case's clock", a)->callback([&options, a] {
    RunStep(options, *a, cmd::Resume{a->case_id});
  });

  auto* esc = Step(group, "escalate", "上报: escalate to the next level", a);
  esc->add_option("--reason", *text, "why")->required();
  esc->callback([&options, a, text] { RunStep(options, *a, cmd::Escalate{a->case_id, *text}); });

  auto* mer = Step(group, "merge", "合并: merge a duplicate into another case", a);
  mer->add_option("--into", *text, "the case that continues")->required();
  mer->callback([&options, a, text] { RunStep(options, *a, cmd::Merge{a->case_id, *text}); });
}

// ---- the grid's other work ------------------------------------------------

void RunWork(const GlobalOptions& options, const std::string& request_id,
             const WorkCommand& command, const std::string& what) {
  auto engine = OpenEngineOrThrow(options);
  auto r = engine->Record(CliActor(), command, OptionsFrom(request_id));
  if (!r.ok()) throw CliError(StepError(r.status()));
  if (options.json) {
    PrintJson({{"recorded", what},
               {"firstPosition", r->first_position.value},
               {"lastPosition", r->last_position.value},
               {"deduplicated", r->deduplicated}});
  } else {
    std::cout << "recorded " << what << " at position " << r->last_position.value
              << (r->deduplicated ? " (already recorded: nothing written again)" : "") << '\n';
  }
}

struct WorkArgs {
  std::string request_id, id, grid, a, b, c;
  std::vector<std::string> list;
  uint32_t n1 = 0, n2 = 0;
  bool flag = false;
};

CLI::App* Work(CLI::App* parent, const char* name, const char* help,
               const std::shared_ptr<WorkArgs>& w) {
  auto* c = parent->add_subcommand(name, help);
  c->add_option("--request-id", w->request_id,
                "id of this record (32 hex digits): a retry with the same id records it once");
  return c;
}

void RegisterWork(CLI::App& app, GlobalOptions& options) {
  auto* group = app.add_subcommand(
      "work", "record the grid's work: patrols, inspections, mediations, micro-wishes, visits");
  group->require_subcommand(1, 1);
  auto w = std::make_shared<WorkArgs>();

  auto* pat = Work(group, "patrol", "日常巡查: a patrol of a grid", w);
  pat->add_option("--grid", w->grid, "grid code")->required();
  pat->add_option("--note", w->a, "随手记: what was seen");
  pat->add_option("--places", w->n1, "places visited");
  pat->callback([&options, w] {
    RunWork(options, w->request_id, cmd::RecordPatrol{w->grid, w->a, {}, w->n1, {}}, "a patrol");
  });

  auto* ins = Work(group, "inspection", "隐患排查: a safety inspection with checklist items", w);
  ins->add_option("--grid", w->grid, "grid code")->required();
  ins->add_option("--place-id", w->id, "registered place id");
  ins->add_option("--place-name", w->a, "name of the premises")->required();
  ins->add_option("--item", w->list,
                  "ITEM=pass or ITEM=fail[:note] (repeatable); each failed "
                  "item opens a rectification case")
      ->required();
  ins->callback([&options, w] {
    cmd::RecordInspection c{w->id, w->a, w->grid, {}};
    for (const auto& spec : w->list) {
      size_t eq = spec.find('=');
      if (eq == std::string::npos)
        throw CliError("--item " + spec + ": write ITEM=pass or ITEM=fail[:note]", kExitUsage);
      std::string verdict = spec.substr(eq + 1), note;
      if (size_t colon = verdict.find(':'); colon != std::string::npos) {
        note = verdict.substr(colon + 1);
        verdict = verdict.substr(0, colon);
      }
      if (verdict != "pass" && verdict != "fail")
        throw CliError("--item " + spec + ": the verdict is pass or fail", kExitUsage);
      c.items.push_back(InspectionItem{spec.substr(0, eq), verdict == "pass", note});
    }
    RunWork(options, w->request_id, c, "an inspection");
  });

  auto* med = group->add_subcommand("mediation", "矛盾纠纷调解: open, hold sessions, conclude");
  med->require_subcommand(1, 1);
  auto* mo = Work(med, "open", "open a mediation", w);
  mo->add_option("--id", w->id, "mediation id")->required();
  mo->add_option("--grid", w->grid, "grid code")->required();
  mo->add_option("--subject", w->a, "what the dispute is about")->required();
  mo->add_option("--party", w->list, "a party's name (repeatable; sealed at rest)");
  mo->add_option("--category", w->b, "e.g. neighbour, rent, property");
  mo->callback([&options, w] {
    RunWork(options, w->request_id, cmd::OpenMediation{w->id, w->grid, w->a, w->list, w->b},
            "mediation " + w->id);
  });
  auto* ms = Work(med, "session", "record a mediation session", w);
  ms->add_option("--id", w->id, "mediation id")->required();
  ms->add_option("--note", w->a, "what was said and agreed")->required();
  ms->callback([&options, w] {
    RunWork(options, w->request_id, cmd::RecordMediationSession{w->id, w->a},
            "a session of " + w->id);
  });
  auto* mc = Work(med, "conclude", "conclude a mediation", w);
  mc->add_option("--id", w->id, "mediation id")->required();
  mc->add_flag("--agreed", w->flag, "the parties reached an agreement (调解成功)");
  mc->add_option("--summary", w->a, "the outcome");
  mc->callback([&options, w] {
    RunWork(options, w->request_id, cmd::ConcludeMediation{w->id, w->flag, w->a},
            "the conclusion of " + w->id);
  });

  auto* wish = group->add_subcommand("wish", "微心愿: collect, plan, fulfil, revisit");
  wish->require_subcommand(1, 1);
  auto* wc = Work(wish, "collect", "collect a resident's micro-wish", w);
  wc->add_option("--id", w->id, "wish id")->required();
  wc->add_option("--grid", w->grid, "grid code")->required();
  wc->add_option("--wish", w->a, "the wish")->required();
  wc->add_option("--name", w->b, "the resident's name (sealed at rest)");
  wc->add_option("--phone", w->c, "the resident's phone (sealed at rest)");
  wc->callback([&options, w] {
    RunWork(options, w->request_id, cmd::CollectMicroWish{w->id, w->grid, w->a, w->b, w->c},
            "wish " + w->id);
  });
  auto* wp = Work(wish, "plan", "plan who fulfils it", w);
  wp->add_option("--id", w->id, "wish id")->required();
  wp->add_option("--plan", w->a, "the plan")->required();
  wp->add_option("--sponsor", w->b, "who sponsors it");
  wp->callback([&options, w] {
    RunWork(options, w->request_id, cmd::PlanMicroWish{w->id, w->a, w->b}, "the plan of " + w->id);
  });
  auto* wf = Work(wish, "fulfil", "record that it was fulfilled", w);
  wf->add_option("--id", w->id, "wish id")->required();
  wf->add_option("--note", w->a, "how");
  wf->callback([&options, w] {
    RunWork(options, w->request_id, cmd::FulfilMicroWish{w->id, w->a},
            "wish " + w->id + " fulfilled");
  });
  auto* wr = Work(wish, "revisit", "回头看: check again later", w);
  wr->add_option("--id", w->id, "wish id")->required();
  wr->add_option("--note", w->a, "what was found");
  wr->add_flag("--unsatisfied", w->flag, "the resident is not satisfied");
  wr->callback([&options, w] {
    RunWork(options, w->request_id, cmd::RevisitMicroWish{w->id, w->a, !w->flag},
            "the revisit of " + w->id);
  });

  auto* care = Work(group, "care-visit", "关爱走访: a visit to a person on the care register", w);
  care->add_option("--grid", w->grid, "grid code")->required();
  care->add_option("--name", w->a, "the person's name (sealed at rest)")->required();
  care->add_option("--phone", w->b, "the person's phone (sealed at rest)");
  care->add_option("--notes", w->c, "what was found (sealed at rest)");
  care->add_flag("--follow-up", w->flag, "needs another visit soon");
  care->callback([&options, w] {
    RunWork(options, w->request_id, cmd::RecordCareVisit{w->grid, w->a, w->b, w->c, w->flag},
            "a care visit");
  });

  auto* out = Work(group, "outreach", "政策传达: who was told about a policy", w);
  out->add_option("--grid", w->grid, "grid code")->required();
  out->add_option("--topic", w->a, "the policy")->required();
  out->add_option("--households", w->n1, "households reached");
  out->add_option("--people", w->n2, "people informed");
  out->callback([&options, w] {
    RunWork(options, w->request_id, cmd::RecordOutreach{w->grid, w->a, w->n1, w->n2},
            "outreach on " + w->a);
  });
}

// ---- credentials (operators, through the server) ----------------------------

void RegisterCredentials(CLI::App& app, GlobalOptions& options) {
  auto* group =
      app.add_subcommand("credentials",
                         "issue, list and revoke the credentials of kiosks, workers and systems "
                         "(through --server, as an operator)");
  group->require_subcommand(1, 1);
  auto args = std::make_shared<std::array<std::string, 4>>();

  auto* issue = group->add_subcommand("issue", "issue a credential; prints its token once");
  issue->add_option("kind", (*args)[0], "kiosk, worker, integration or operator")->required();
  issue->add_option("subject", (*args)[1], "worker id, kiosk device name or system name")
      ->required();
  issue->add_option("--note", (*args)[2], "where it is used");
  issue->add_option("--out", (*args)[3], "write the token to this new file (mode 0600)");
  issue->callback([&options, args] {
    auto kind = ParseIdentityKind((*args)[0]);
    if (!kind.ok()) throw CliError(kind.status().message(), kExitUsage);
    if (!UsesServer(options))
      throw CliError("credentials are issued by a running gridledgerd: pass --server", kExitUsage);
    auto engine = ConnectOrThrow(options);
    auto issued = engine->IssueCredential(*kind, (*args)[1], (*args)[2]);
    if (!issued.ok()) throw CliError("cannot issue: " + StepError(issued.status()));
    if (!(*args)[3].empty()) {
      int fd = ::open((*args)[3].c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0) throw CliError("cannot create " + (*args)[3] + " (it must not exist)");
      std::string line = issued->token + "\n";
      bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
      ::close(fd);
      if (!ok) throw CliError("cannot write " + (*args)[3]);
    }
    if (options.json) {
      PrintJson({{"credentialId", issued->info.credential_id},
                 {"kind", (*args)[0]},
                 {"subject", (*args)[1]},
                 {"token", (*args)[3].empty() ? Json(issued->token) : Json()}});
      return;
    }
    std::cout << "issued credential " << issued->info.credential_id << " (" << (*args)[0] << " "
              << (*args)[1] << ")\n";
    if ((*args)[3].empty())
      std::cout << "token (shown once; store it on the device): " << issued->token << '\n';
    else
      std::cout << "token written to " << (*args)[3] << '\n';
  });

  auto* list = group->add_subcommand("list", "every credential, issued and revoked");
  list->callback([&options] {
    auto engine = ConnectOrThrow(options);
    auto all = engine->ListCredentials();
    if (!all.ok()) throw CliError("cannot list: " + StepError(all.status()));
    if (options.json) {
      Json j = Json::array();
      for (const auto& c : *all)
        j.push_back({{"credentialId", c.credential_id},
                     {"kind", std::string(IdentityKindName(c.kind))},
                     {"subject", c.subject},
                     {"note", c.note},
                     {"issuedAt", tools::FormatIso(c.issued_at)},
                     {"issuedBy", c.issued_by},
                     {"revoked", c.revoked},
                     {"reason", c.reason}});
      PrintJson(j);
      return;
    }
    Table t({"id", "kind", "subject", "issued", "by", "state"});
    for (const auto& c : *all)
      t.Add({c.credential_id, std::string(IdentityKindName(c.kind)), c.subject,
             tools::FormatShort(c.issued_at), c.issued_by,
             c.revoked ? "revoked " + tools::FormatShort(c.revoked_at) : "active"});
    t.Print(std::cout);
  });

  auto* revoke =
      group->add_subcommand("revoke", "revoke a credential (refused from its next call)");
  revoke->add_option("credential", (*args)[0], "the credential id")->required();
  revoke->add_option("--reason", (*args)[1], "why")->required();
  revoke->callback([&options, args] {
    auto engine = ConnectOrThrow(options);
    Status s = engine->RevokeCredential((*args)[0], (*args)[1]);
    if (!s.ok()) throw CliError("cannot revoke: " + StepError(s));
    if (options.json)
      PrintJson({{"revoked", (*args)[0]}});
    else
      std::cout << "revoked " << (*args)[0] << '\n';
  });
}

}  // namespace

void RegisterWorkerCommands(CLI::App& app, GlobalOptions& options) {
  RegisterSteps(app, options);
  RegisterWork(app, options);
  RegisterCredentials(app, options);
}

}  // namespace gridledger::cli
