// The registry and the grid's other work: patrols, inspections,
// mediations, micro-wishes, care visits, outreach, sensor alarms.

#include "crypto/secrets.h"
#include "domain/authorization.h"
#include "facade/engine_impl.h"

namespace gridledger {

namespace {

using domain::Permission;

std::string RandomPersonId() { return "p-" + ToHex(RandomBytes(16)); }

}  // namespace

Result<AppendResult> EngineImpl::Record(const Actor& actor, const WorkCommand& command,
                                        const CommandOptions& options) {
  const CommandIds ids(options.request_id);
  if (auto first = AlreadyApplied(options.request_id)) {
    // A retry of a record that landed: its positions, nothing new.
    return AppendResult{first->position, first->position, first->version, true};
  }
  auto allow = [&](Permission p, const std::string& grid) {
    return AuthorizeScope(actor, p, grid);
  };
  auto grid_exists = [&](const std::string& code) -> Status {
    std::shared_lock lock(models_mu_);
    if (!models_->registry().FindGrid(code))
      return Status::InvalidArgument("未知的网格 / unknown grid '" + code + "'");
    return Status::Ok();
  };
  auto seal_person = [&](const std::string& person, const std::string& text) {
    return vault_->Seal(person, text);
  };

  return std::visit(
      [&](const auto& c) -> Result<AppendResult> {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, cmd::DefineGrid>) {
          GL_RETURN_IF_ERROR(allow(Permission::kDefineRegistry,
                                   c.grid.parent_code.empty() ? c.grid.code : c.grid.parent_code));
          {
            std::shared_lock lock(models_mu_);
            GL_RETURN_IF_ERROR(domain::ValidateGrid(c.grid, models_->registry().grids()));
            if (models_->registry().FindGrid(c.grid.code))
              return Status::Rejected("网格" + c.grid.code + "已存在 / grid already defined");
          }
          return AppendAs(actor, ids, "grid-" + c.grid.code, ExpectedVersion::NoStream(), {c.grid},
                          c.grid.code);
        } else if constexpr (std::is_same_v<T, cmd::RegisterPlace>) {
          GL_RETURN_IF_ERROR(grid_exists(c.place.grid_code));
          GL_RETURN_IF_ERROR(allow(Permission::kDefineRegistry, c.place.grid_code));
          if (c.place.place_id.empty() || c.place.name.empty())
            return Status::InvalidArgument("a place needs an id and a name");
          return AppendAs(actor, ids, "place-" + c.place.place_id, ExpectedVersion::NoStream(),
                          {c.place}, c.place.grid_code);
        } else if constexpr (std::is_same_v<T, cmd::AssignWorker>) {
          const auto& a = c.assignment;
          GL_RETURN_IF_ERROR(grid_exists(a.grid_code));
          GL_RETURN_IF_ERROR(allow(Permission::kDefineRegistry, a.grid_code));
          if (a.worker_id.empty() || a.display_name.empty())
            return Status::InvalidArgument("a worker needs an id and a display name");
          if (a.role == Role::kResident || a.role == Role::kSystem)
            return Status::InvalidArgument("residents and the system are not workers");
          return AppendAs(actor, ids, "worker-" + a.worker_id, ExpectedVersion::Any(), {a},
                          a.grid_code);
        } else if constexpr (std::is_same_v<T, cmd::RecordPatrol>) {
          GL_RETURN_IF_ERROR(grid_exists(c.grid_code));
          GL_RETURN_IF_ERROR(allow(Permission::kPatrol, c.grid_code));
          PatrolRecorded p{c.grid_code, c.note, c.photo_refs, {}, c.places_visited};
          std::vector<FileCase> findings;
          for (FileCase finding : c.findings) {  // 发现即办: findings open cases
            finding.source = CaseSource::kPatrol;
            if (finding.location.grid_code.empty() && finding.location.place_id.empty())
              finding.location.grid_code = c.grid_code;
            findings.push_back(std::move(finding));
          }
          return FileAndRecord(
              actor, ids, findings,
              [&](const std::vector<FiledReceipt>& filed) {
                for (const auto& r : filed) p.finding_case_ids.push_back(r.case_id);
                return GroupRecord{p, c.grid_code};
              },
              "patrol-" + c.grid_code);
        } else if constexpr (std::is_same_v<T, cmd::RecordInspection>) {
          GL_RETURN_IF_ERROR(grid_exists(c.grid_code));
          GL_RETURN_IF_ERROR(allow(Permission::kInspect, c.grid_code));
          if (c.items.empty())
            return Status::InvalidArgument("an inspection needs checklist items");
          InspectionRecorded ins{c.place_id, c.place_name, c.items, {}};
          std::vector<FileCase> hazards;
          for (const auto& item : c.items) {
            if (item.passed) continue;
            FileCase hazard;
            hazard.category = "fire_hazard";
            hazard.description = c.place_name + "：" + item.item +
                                 (item.note.empty() ? "" : "（" + item.note + "）");
            hazard.location.grid_code = c.grid_code;
            hazard.location.address = c.place_name;
            hazard.source = CaseSource::kInspection;
            hazards.push_back(std::move(hazard));
          }
          std::string place = c.place_id.empty() ? c.grid_code : c.place_id;
          return FileAndRecord(
              actor, ids, hazards,
              [&](const std::vector<FiledReceipt>& filed) {
                for (const auto& r : filed) ins.rectification_case_ids.push_back(r.case_id);
                return GroupRecord{ins, c.grid_code};
              },
              "inspection-" + place);
        } else if constexpr (std::is_same_v<T, cmd::OpenMediation>) {
          GL_RETURN_IF_ERROR(grid_exists(c.grid_code));
          GL_RETURN_IF_ERROR(allow(Permission::kMediate, c.grid_code));
          if (c.mediation_id.empty() || c.subject.empty())
            return Status::InvalidArgument("a mediation needs an id and a subject");
          MediationOpened m{c.subject, {}, c.category};
          for (const auto& name : c.party_names) {
            auto sealed = seal_person(RandomPersonId(), name);
            if (!sealed.ok()) return sealed.error();
            m.parties.push_back(std::move(sealed).value());
          }
          return AppendAs(actor, ids, "mediation-" + c.mediation_id, ExpectedVersion::NoStream(),
                          {m}, c.grid_code);
        } else if constexpr (std::is_same_v<T, cmd::RecordMediationSession> ||
                             std::is_same_v<T, cmd::ConcludeMediation>) {
          std::string stream = "mediation-" + c.mediation_id;
          auto head =
              log_->ReadStream(StreamId{stream}, StreamVersion{1}, ReadDirection::kForward, 1);
          if (!head.ok()) return head.error();
          if (head->empty()) return Status::NotFound("no mediation '" + c.mediation_id + "'");
          const std::string grid = head->front().grid_code;
          GL_RETURN_IF_ERROR(allow(Permission::kMediate, grid));
          EventPayload p;
          if constexpr (std::is_same_v<T, cmd::RecordMediationSession>)
            p = MediationSession{c.note};
          else
            p = MediationConcluded{c.agreed, c.summary};
          return AppendAs(actor, ids, stream, ExpectedVersion::Any(), {p}, grid);
        } else if constexpr (std::is_same_v<T, cmd::CollectMicroWish>) {
          GL_RETURN_IF_ERROR(grid_exists(c.grid_code));
          GL_RETURN_IF_ERROR(allow(Permission::kMicroWish, c.grid_code));
          MicroWishCollected w{c.wish, {}};
          if (!c.resident_phone.empty() || !c.resident_name.empty()) {
            std::string person = c.resident_phone.empty()
                                     ? RandomPersonId()
                                     : vault_->PersonIdForPhone(c.resident_phone);
            auto sealed =
                seal_person(person, c.resident_name + "\n" + NormalizePhone(c.resident_phone));
            if (!sealed.ok()) return sealed.error();
            w.resident = std::move(sealed).value();
          }
          return AppendAs(actor, ids, "wish-" + c.wish_id, ExpectedVersion::NoStream(), {w},
                          c.grid_code);
        } else if constexpr (std::is_same_v<T, cmd::PlanMicroWish> ||
                             std::is_same_v<T, cmd::FulfilMicroWish> ||
                             std::is_same_v<T, cmd::RevisitMicroWish>) {
          std::string stream = "wish-" + c.wish_id;
          auto events =
              log_->ReadStream(StreamId{stream}, StreamVersion{1}, ReadDirection::kForward, 100);
          if (!events.ok()) return events.error();
          if (events->empty()) return Status::NotFound("no micro-wish '" + c.wish_id + "'");
          const std::string grid = events->front().grid_code;
          GL_RETURN_IF_ERROR(allow(Permission::kMicroWish, grid));
          // Stages in order: collected -> planned -> fulfilled -> revisited.
          size_t stage = events->size();
          EventPayload p;
          size_t needed;
          if constexpr (std::is_same_v<T, cmd::PlanMicroWish>) {
            p = MicroWishPlanned{c.plan, c.sponsor};
            needed = 1;
          } else if constexpr (std::is_same_v<T, cmd::FulfilMicroWish>) {
            p = MicroWishFulfilled{c.note};
            needed = 2;
          } else {
            p = MicroWishRevisited{c.note, c.satisfied};
            needed = 3;
          }
          if (stage < needed)
            return Status::Rejected("微心愿还未到这一步 / the micro-wish is not at that stage yet");
          if (stage > needed && needed < 3)
            return Status::Rejected("微心愿已过这一步 / the micro-wish is past that stage");
          return AppendAs(actor, ids, stream, ExpectedVersion::Exactly(events->back().version), {p},
                          grid);
        } else if constexpr (std::is_same_v<T, cmd::RecordCareVisit>) {
          GL_RETURN_IF_ERROR(grid_exists(c.grid_code));
          GL_RETURN_IF_ERROR(allow(Permission::kCareVisit, c.grid_code));
          std::string person =
              c.person_phone.empty() ? RandomPersonId() : vault_->PersonIdForPhone(c.person_phone);
          auto who = seal_person(person, c.person_name + "\n" + NormalizePhone(c.person_phone));
          if (!who.ok()) return who.error();
          auto notes = seal_person(person, c.notes);
          if (!notes.ok()) return notes.error();
          return AppendAs(actor, ids, "care-" + c.grid_code, ExpectedVersion::Any(),
                          {CareVisitRecorded{std::move(who).value(), std::move(notes).value(),
                                             c.follow_up_needed}},
                          c.grid_code);
        } else if constexpr (std::is_same_v<T, cmd::RecordOutreach>) {
          GL_RETURN_IF_ERROR(grid_exists(c.grid_code));
          GL_RETURN_IF_ERROR(allow(Permission::kOutreach, c.grid_code));
          if (c.topic.empty()) return Status::InvalidArgument("outreach needs a topic");
          return AppendAs(
              actor, ids, "outreach-" + c.grid_code, ExpectedVersion::Any(),
              {PolicyOutreachRecorded{c.topic, c.households_reached, c.people_informed}},
              c.grid_code);
        } else if constexpr (std::is_same_v<T, cmd::RaiseSensorAlarm>) {
          GL_RETURN_IF_ERROR(allow(Permission::kSensorAlarm, c.location.grid_code));
          if (c.device_id.empty())
            return Status::InvalidArgument("a sensor alarm needs a device id");
          FileCase urgent;
          urgent.category = c.alarm_kind == "smoke" ? "fire_hazard" : "emergency";
          urgent.description = "传感器报警：" + c.alarm_kind + "（设备 " + c.device_id + "）";
          urgent.location = c.location;
          urgent.source = CaseSource::kSensor;
          return FileAndRecord(
              actor, ids, {urgent},
              [&](const std::vector<FiledReceipt>& filed) {
                Location where = c.location;
                where.grid_code = filed[0].grid_code;
                return GroupRecord{
                    SensorAlarmRaised{c.device_id, c.alarm_kind, where, filed[0].case_id},
                    filed[0].grid_code};
              },
              "sensor-" + c.device_id);
        }
      },
      command);
}

}  // namespace gridledger
