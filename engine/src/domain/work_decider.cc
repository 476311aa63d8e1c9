#include "domain/work_decider.h"

#include "domain/authorization.h"
#include "gridledger/phone.h"

namespace gridledger::domain {

namespace {

WorkDecision Write(std::string stream, ExpectedVersion expected, std::string grid_code,
                   EventPayload event) {
  WorkDecision d;
  d.stream = std::move(stream);
  d.expected = expected;
  d.grid_code = std::move(grid_code);
  d.events.push_back(std::move(event));
  return d;
}

class WorkDecider {
 public:
  WorkDecider(const WorkStreamState& s, const DecideContext& c) : s_(s), c_(c) {}

  Result<WorkDecision> operator()(const cmd::DefineGrid& c) const {
    const GridDefined& g = c.grid;
    GL_RETURN_IF_ERROR(
        Allow(Permission::kDefineRegistry, g.parent_code.empty() ? g.code : g.parent_code));
    GL_RETURN_IF_ERROR(ValidateGrid(g, c_.registry.grids()));
    if (c_.registry.FindGrid(g.code))
      return Status::Rejected("网格" + g.code + "已存在 / grid already defined");
    return Write("grid-" + g.code, ExpectedVersion::NoStream(), g.code, g);
  }

  Result<WorkDecision> operator()(const cmd::RegisterPlace& c) const {
    const PlaceRegistered& p = c.place;
    GL_RETURN_IF_ERROR(GridExists(p.grid_code));
    GL_RETURN_IF_ERROR(Allow(Permission::kDefineRegistry, p.grid_code));
    if (p.place_id.empty() || p.name.empty())
      return Status::InvalidArgument("a place needs an id and a name");
    return Write("place-" + p.place_id, ExpectedVersion::NoStream(), p.grid_code, p);
  }

  Result<WorkDecision> operator()(const cmd::AssignWorker& c) const {
    const WorkerAssigned& a = c.assignment;
    GL_RETURN_IF_ERROR(GridExists(a.grid_code));
    GL_RETURN_IF_ERROR(Allow(Permission::kDefineRegistry, a.grid_code));
    if (a.worker_id.empty() || a.display_name.empty())
      return Status::InvalidArgument("a worker needs an id and a display name");
    if (a.role == Role::kResident || a.role == Role::kSystem)
      return Status::InvalidArgument("residents and the system are not workers");
    return Write("worker-" + a.worker_id, ExpectedVersion::Any(), a.grid_code, a);
  }

  Result<WorkDecision> operator()(const cmd::RecordPatrol& c) const {
    GL_RETURN_IF_ERROR(GridExists(c.grid_code));
    GL_RETURN_IF_ERROR(Allow(Permission::kPatrol, c.grid_code));
    WorkDecision d = Write("patrol-" + c.grid_code, ExpectedVersion::Any(), c.grid_code,
                           PatrolRecorded{c.grid_code, c.note, c.photo_refs, {}, c.places_visited});
    for (FileCase finding : c.findings) {  // 发现即办: findings open cases
      finding.source = CaseSource::kPatrol;
      if (finding.location.grid_code.empty() && finding.location.place_id.empty())
        finding.location.grid_code = c.grid_code;
      d.filings.push_back(std::move(finding));
    }
    return d;
  }

  Result<WorkDecision> operator()(const cmd::RecordInspection& c) const {
    GL_RETURN_IF_ERROR(GridExists(c.grid_code));
    GL_RETURN_IF_ERROR(Allow(Permission::kInspect, c.grid_code));
    if (c.items.empty()) return Status::InvalidArgument("an inspection needs checklist items");
    std::string place = c.place_id.empty() ? c.grid_code : c.place_id;
    WorkDecision d = Write("inspection-" + place, ExpectedVersion::Any(), c.grid_code,
                           InspectionRecorded{c.place_id, c.place_name, c.items, {}});
    for (const auto& item : c.items) {  // each failed item: a rectification case
      if (item.passed) continue;
      FileCase hazard;
      hazard.category = "fire_hazard";
      hazard.description =
          c.place_name + "：" + item.item + (item.note.empty() ? "" : "（" + item.note + "）");
      hazard.location.grid_code = c.grid_code;
      hazard.location.address = c.place_name;
      hazard.source = CaseSource::kInspection;
      d.filings.push_back(std::move(hazard));
    }
    return d;
  }

  Result<WorkDecision> operator()(const cmd::OpenMediation& c) const {
    GL_RETURN_IF_ERROR(GridExists(c.grid_code));
    GL_RETURN_IF_ERROR(Allow(Permission::kMediate, c.grid_code));
    if (c.mediation_id.empty() || c.subject.empty())
      return Status::InvalidArgument("a mediation needs an id and a subject");
    MediationOpened m{c.subject, std::vector<SealedField>(c.party_names.size()), c.category};
    WorkDecision d =
        Write("mediation-" + c.mediation_id, ExpectedVersion::NoStream(), c.grid_code, m);
    for (size_t i = 0; i < c.party_names.size(); ++i)  // each party a person of their own
      d.seals.push_back({0,
                         "",
                         {c.party_names[i]},
                         [i](EventPayload& e, const std::string&, std::vector<SealedField> s) {
                           std::get<MediationOpened>(e).parties[i] = std::move(s.front());
                         }});
    return d;
  }

  Result<WorkDecision> operator()(const cmd::RecordMediationSession& c) const {
    GL_RETURN_IF_ERROR(MediationExists(c.mediation_id));
    return Write("mediation-" + c.mediation_id, ExpectedVersion::Any(), s_.grid_code,
                 MediationSession{c.note});
  }

  Result<WorkDecision> operator()(const cmd::ConcludeMediation& c) const {
    GL_RETURN_IF_ERROR(MediationExists(c.mediation_id));
    return Write("mediation-" + c.mediation_id, ExpectedVersion::Any(), s_.grid_code,
                 MediationConcluded{c.agreed, c.summary});
  }

  Result<WorkDecision> operator()(const cmd::CollectMicroWish& c) const {
    GL_RETURN_IF_ERROR(GridExists(c.grid_code));
    GL_RETURN_IF_ERROR(Allow(Permission::kMicroWish, c.grid_code));
    WorkDecision d = Write("wish-" + c.wish_id, ExpectedVersion::NoStream(), c.grid_code,
                           MicroWishCollected{c.wish, {}});
    if (!c.resident_phone.empty() || !c.resident_name.empty())
      d.seals.push_back({0,
                         c.resident_phone,
                         {c.resident_name + "\n" + NormalizePhone(c.resident_phone)},
                         [](EventPayload& e, const std::string&, std::vector<SealedField> s) {
                           std::get<MicroWishCollected>(e).resident = std::move(s.front());
                         }});
    return d;
  }

  // A micro-wish's stages, in order: collected (1) -> planned (2) ->
  // fulfilled (3) -> revisited (4, may repeat).
  Result<WorkDecision> operator()(const cmd::PlanMicroWish& c) const {
    return NextStage(c.wish_id, 1, MicroWishPlanned{c.plan, c.sponsor});
  }
  Result<WorkDecision> operator()(const cmd::FulfilMicroWish& c) const {
    return NextStage(c.wish_id, 2, MicroWishFulfilled{c.note});
  }
  Result<WorkDecision> operator()(const cmd::RevisitMicroWish& c) const {
    return NextStage(c.wish_id, 3, MicroWishRevisited{c.note, c.satisfied});
  }

  Result<WorkDecision> operator()(const cmd::RecordCareVisit& c) const {
    GL_RETURN_IF_ERROR(GridExists(c.grid_code));
    GL_RETURN_IF_ERROR(Allow(Permission::kCareVisit, c.grid_code));
    WorkDecision d = Write("care-" + c.grid_code, ExpectedVersion::Any(), c.grid_code,
                           CareVisitRecorded{{}, {}, c.follow_up_needed});
    // Who and the notes, both under the visited person's key.
    d.seals.push_back({0,
                       c.person_phone,
                       {c.person_name + "\n" + NormalizePhone(c.person_phone), c.notes},
                       [](EventPayload& e, const std::string&, std::vector<SealedField> s) {
                         auto& visit = std::get<CareVisitRecorded>(e);
                         visit.person = std::move(s[0]);
                         visit.notes = std::move(s[1]);
                       }});
    return d;
  }

  Result<WorkDecision> operator()(const cmd::RecordOutreach& c) const {
    GL_RETURN_IF_ERROR(GridExists(c.grid_code));
    GL_RETURN_IF_ERROR(Allow(Permission::kOutreach, c.grid_code));
    if (c.topic.empty()) return Status::InvalidArgument("outreach needs a topic");
    return Write("outreach-" + c.grid_code, ExpectedVersion::Any(), c.grid_code,
                 PolicyOutreachRecorded{c.topic, c.households_reached, c.people_informed});
  }

  Result<WorkDecision> operator()(const cmd::RaiseSensorAlarm& c) const {
    GL_RETURN_IF_ERROR(Allow(Permission::kSensorAlarm, c.location.grid_code));
    if (c.device_id.empty()) return Status::InvalidArgument("a sensor alarm needs a device id");
    // The grid (and the case id) come from the alarm's case once filed.
    WorkDecision d = Write("sensor-" + c.device_id, ExpectedVersion::Any(), c.location.grid_code,
                           SensorAlarmRaised{c.device_id, c.alarm_kind, c.location, ""});
    FileCase urgent;
    urgent.category = c.alarm_kind == "smoke" ? "fire_hazard" : "emergency";
    urgent.description = "传感器报警：" + c.alarm_kind + "（设备 " + c.device_id + "）";
    urgent.location = c.location;
    urgent.source = CaseSource::kSensor;
    d.filings.push_back(std::move(urgent));
    return d;
  }

 private:
  Status Allow(Permission p, const std::string& grid) const {
    return Authorize(c_.actor, c_.registry, p, {grid, AssigneeLevel::kGrid, ""});
  }

  Status GridExists(const std::string& code) const {
    if (!c_.registry.FindGrid(code))
      return Status::InvalidArgument("未知的网格 / unknown grid '" + code + "'");
    return Status::Ok();
  }

  Status MediationExists(const std::string& mediation_id) const {
    if (s_.events == 0) return Status::NotFound("no mediation '" + mediation_id + "'");
    return Allow(Permission::kMediate, s_.grid_code);
  }

  // `stage` is the number of events the wish must have for `event` to be
  // next; a revisit (stage 3) may follow a revisit.
  Result<WorkDecision> NextStage(const std::string& wish_id, size_t stage,
                                 EventPayload event) const {
    if (s_.events == 0) return Status::NotFound("no micro-wish '" + wish_id + "'");
    GL_RETURN_IF_ERROR(Allow(Permission::kMicroWish, s_.grid_code));
    if (s_.events < stage)
      return Status::Rejected("微心愿还未到这一步 / the micro-wish is not at that stage yet");
    if (s_.events > stage && stage < 3)
      return Status::Rejected("微心愿已过这一步 / the micro-wish is past that stage");
    return Write("wish-" + wish_id, ExpectedVersion::Exactly(s_.version), s_.grid_code,
                 std::move(event));
  }

  const WorkStreamState& s_;
  const DecideContext& c_;
};

}  // namespace

std::optional<WorkStreamRead> WorkStreamToRead(const WorkCommand& command) {
  return std::visit(
      [](const auto& c) -> std::optional<WorkStreamRead> {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, cmd::RecordMediationSession> ||
                      std::is_same_v<T, cmd::ConcludeMediation>)
          return WorkStreamRead{"mediation-" + c.mediation_id, 1};
        else if constexpr (std::is_same_v<T, cmd::PlanMicroWish> ||
                           std::is_same_v<T, cmd::FulfilMicroWish> ||
                           std::is_same_v<T, cmd::RevisitMicroWish>)
          return WorkStreamRead{"wish-" + c.wish_id, 100};
        else
          return std::nullopt;
      },
      command);
}

Result<WorkDecision> DecideWork(const WorkStreamState& state, const WorkCommand& command,
                                const DecideContext& context) {
  WorkDecider decider(state, context);
  return std::visit([&](const auto& c) { return decider(c); }, command);
}

void RecordFiledCases(WorkDecision& decision, const std::vector<FiledReceipt>& receipts) {
  if (receipts.empty()) return;
  std::visit(
      [&](auto& record) {
        using T = std::decay_t<decltype(record)>;
        if constexpr (std::is_same_v<T, PatrolRecorded>) {
          for (const auto& r : receipts) record.finding_case_ids.push_back(r.case_id);
        } else if constexpr (std::is_same_v<T, InspectionRecorded>) {
          for (const auto& r : receipts) record.rectification_case_ids.push_back(r.case_id);
        } else if constexpr (std::is_same_v<T, SensorAlarmRaised>) {
          record.case_id = receipts.front().case_id;
          record.location.grid_code = receipts.front().grid_code;
          decision.grid_code = receipts.front().grid_code;
        }
      },
      decision.events.front());
}

}  // namespace gridledger::domain
