// The demo community: 文化社区 (Nanyang), from the seed articles' figures.
// Everything goes through the Engine facade as real actors would use it,
// on a simulated clock, so the history is a faithful closed loop.

#include "gridledger/demo.h"

#include <cstdio>
#include <functional>
#include <map>
#include <random>

#include "gridledger/case_number.h"
#include "gridledger/china_time.h"
#include "gridledger/engine.h"

namespace gridledger {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// 新华街道 is street 001 of the district (411302 by default), 文化社区 its
// community 001.

struct GridSpec {
  const char* suffix;
  const char* name;
  GridKind kind;
  uint32_t households;
  std::vector<const char*> compounds;
};

// 8 grids, one of them the dedicated grid 新华城市广场 (900 households,
// 1,200+ shops); 38 compounds across the other seven.
const std::vector<GridSpec>& Grids() {
  static const std::vector<GridSpec> grids = {
      {"01",
       "文化社区第一网格",
       GridKind::kGrid,
       460,
       {"文化小区", "教师新村", "建设路12号院", "光明小区", "园丁小区", "新华东街3号院"}},
      {"02",
       "文化社区第二网格",
       GridKind::kGrid,
       480,
       {"工业路家属院", "电业局家属院", "百花小区", "幸福里", "丰泽园"}},
      {"03",
       "文化社区第三网格",
       GridKind::kGrid,
       450,
       {"人民路9号院", "交通局家属院", "和平小区", "金桥花园", "书香苑", "卧龙小区"}},
      {"04",
       "文化社区第四网格",
       GridKind::kGrid,
       500,
       {"明珠花园", "仲景小区", "邮电局家属院", "西关小区", "康乐园"}},
      {"05",
       "文化社区第五网格",
       GridKind::kGrid,
       470,
       {"独山小区", "白河花园", "南都小区", "税务局家属院", "春晖苑", "银杏苑"}},
      {"06",
       "文化社区第六网格",
       GridKind::kGrid,
       430,
       {"民主街5号院", "医院家属院", "玉雕小区", "汉画苑", "新华西街7号院"}},
      {"07",
       "文化社区第七网格",
       GridKind::kGrid,
       420,
       {"府衙小区", "菊潭小区", "宛运家属院", "文博苑", "月季园"}},
      {"08",
       "新华城市广场专属网格",
       GridKind::kDedicated,
       900,
       {"新华城市广场A座", "新华城市广场B座", "广场商铺区", "地下车库"}},
  };
  return grids;
}

const char* kSurnames[] = {"张", "王", "李", "赵", "刘", "陈", "杨", "黄",
                           "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"};
const char* kGiven[] = {"敏", "伟", "芳", "娜", "静", "丽", "强", "磊",
                        "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"};

// Request mix in the proportions the seed articles suggest: sanitation,
// parking and facilities dominate; disputes and property issues follow.
const std::vector<std::pair<const char*, int>> kMix = {
    {"sanitation", 18}, {"facilities", 15}, {"parking", 14},  {"noise", 12},  {"property", 12},
    {"sewer", 10},      {"dispute", 8},     {"utilities", 5}, {"inquiry", 4}, {"micro_wish", 4},
    {"fire_hazard", 3}, {"complaint", 3},   {"emergency", 1}};

class Simulation {
 public:
  Simulation(Engine& engine, ManualClock& clock, const DemoOptions& options, Timestamp start)
      : engine_(engine),
        clock_(clock),
        options_(options),
        rng_(options.seed),
        start_(start),
        kStreet(options.district + "001"),
        kCommunity(options.district + "001001") {}

  Status SetUpRegistry() {
    const Actor sys = Actor::System("demo");
    GL_RETURN_IF_ERROR(Rec(sys, cmd::DefineGrid{{kStreet, "新华街道", GridKind::kStreet, "", 0}}));
    GL_RETURN_IF_ERROR(
        Rec(sys, cmd::DefineGrid{{kCommunity, "文化社区", GridKind::kCommunity, kStreet, 6300}}));
    GL_RETURN_IF_ERROR(Rec(sys, cmd::AssignWorker{{"street-centre", "新华街道综治中心",
                                                   Role::kStreetCentre, kStreet, ""}}));
    GL_RETURN_IF_ERROR(Rec(sys, cmd::AssignWorker{{"community-office", "文化社区居委会",
                                                   Role::kCommunity, kCommunity, ""}}));
    for (const char* dept : {"城管执法", "消防救援", "派出所", "住建局"})
      GL_RETURN_IF_ERROR(Rec(sys, cmd::AssignWorker{{std::string("dept-") + dept, dept,
                                                     Role::kDepartment, kStreet, dept}}));
    int person = 0;
    for (const auto& g : Grids()) {
      std::string code = std::string(kCommunity) + g.suffix;
      GL_RETURN_IF_ERROR(
          Rec(sys, cmd::DefineGrid{{code, g.name, g.kind, kCommunity, g.households}}));
      for (int m = 1; m <= 4; ++m) {
        std::string micro = code + "0" + std::to_string(m);
        GL_RETURN_IF_ERROR(
            Rec(sys, cmd::DefineGrid{{micro, std::string(g.name) + "微网格" + std::to_string(m),
                                      GridKind::kMicroGrid, code, g.households / 4}}));
      }
      grid_codes_.push_back(code);
      int n = 0;
      for (const char* compound : g.compounds) {
        std::string id = code + "-p" + std::to_string(++n);
        GL_RETURN_IF_ERROR(Rec(
            sys,
            cmd::RegisterPlace{
                {id, code, compound,
                 g.kind == GridKind::kDedicated ? PlaceKind::kMarket : PlaceKind::kCompound, ""}}));
        places_[code].push_back(id);
        place_names_[id] = compound;
        if (g.kind == GridKind::kDedicated) continue;
        // Two buildings per compound, two units (单元) per building.
        for (int b = 1; b <= 2; ++b) {
          std::string building = id + "-b" + std::to_string(b);
          GL_RETURN_IF_ERROR(
              Rec(sys, cmd::RegisterPlace{{building, code, std::to_string(b) + "号楼",
                                           PlaceKind::kBuilding, id}}));
          for (int u = 1; u <= 2; ++u)
            GL_RETURN_IF_ERROR(Rec(
                sys, cmd::RegisterPlace{{building + "-u" + std::to_string(u), code,
                                         std::to_string(u) + "单元", PlaceKind::kUnit, building}}));
        }
      }
      auto name = [&] {
        ++person;
        return std::string(kSurnames[person % 16]) + kGiven[(person * 7) % 16];
      };
      std::string worker = "w-" + std::string(g.suffix);
      std::string leader = "l-" + std::string(g.suffix);
      GL_RETURN_IF_ERROR(
          Rec(sys, cmd::AssignWorker{{worker, name(), Role::kFullTimeWorker, code, ""}}));
      GL_RETURN_IF_ERROR(
          Rec(sys, cmd::AssignWorker{{leader, name(), Role::kGridLeader, code, ""}}));
      for (int p = 1; p <= 2; ++p)
        GL_RETURN_IF_ERROR(
            Rec(sys, cmd::AssignWorker{{"pt-" + std::string(g.suffix) + "-" + std::to_string(p),
                                        name(), Role::kPartTimeWorker, code, ""}}));
      worker_[code] = worker;
      leader_[code] = leader;
    }
    return Status::Ok();
  }

  Status Run(DemoSummary& summary) {
    const Timestamp end = start_ + days(options_.days);
    for (uint32_t d = 0; d < options_.days; ++d) {
      Timestamp day = start_ + days(d);
      // Resident requests through the working day.
      for (uint32_t i = 0; i < options_.requests_per_day; ++i)
        At(day + minutes(30 + Uniform(0, 9 * 60)), [this] { return FileRequest(); });
      // Every grid: a daily patrol, outreach now and then, weekly inspections.
      for (const auto& code : grid_codes_) {
        At(day + hours(2) + minutes(Uniform(0, 120)), [this, code] { return Patrol(code); });
        if (Uniform(0, 6) == 0) At(day + hours(6), [this, code] { return Outreach(code); });
        if (Uniform(0, 6) == 0) At(day + hours(7), [this, code] { return Inspect(code); });
        if (Uniform(0, 9) == 0) At(day + hours(3), [this, code] { return CareVisit(code); });
        if (Uniform(0, 14) == 0) At(day + hours(4), [this, code] { return Mediate(code); });
      }
      At(day + hours(1), [this] { return engine_.RunDeadlineScan().status(); });
      if (options_.progress)
        At(day + hours(23), [this, d] {
          options_.progress(d + 1, options_.days);
          return Status::Ok();
        });
    }
    // The demo resident whose cases the kiosk shows.
    At(end - days(12),
       [this] { return DemoResidentCase("sewer", "下水道堵了，污水冒出来了", true); });
    At(end - days(1),
       [this] { return DemoResidentCase("facilities", "楼道灯坏了，晚上看不见", false); });

    while (!agenda_.empty() && agenda_.begin()->first <= end) {
      auto [at, action] = std::move(*agenda_.begin());
      agenda_.erase(agenda_.begin());
      if (at > clock_.Now()) clock_.Set(at);
      Status s = action();
      if (!s.ok() && s.code() != StatusCode::kRejected && s.code() != StatusCode::kConflict)
        return s;
    }
    clock_.Set(end);
    summary.cases = cases_filed_;
    summary.sample_phone = kDemoPhone;
    summary.sample_case_id = demo_case_;
    summary.sample_query_code = demo_code_;
    return Status::Ok();
  }

 private:
  static constexpr const char* kDemoPhone = "13800138000";

  using Action = std::function<Status()>;
  void At(Timestamp t, Action a) { agenda_.emplace(t, std::move(a)); }
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Status Rec(const Actor& a, WorkCommand c) { return engine_.Record(a, c).status(); }

  std::string Phone() {
    char buf[16];
    std::snprintf(buf, sizeof buf, "13%09d", Uniform(0, 999999999));
    return buf;
  }

  const char* PickCategory() {
    int total = 0;
    for (const auto& [c, w] : kMix) total += w;
    int r = Uniform(1, total);
    for (const auto& [c, w] : kMix) {
      if ((r -= w) <= 0) return c;
    }
    return "sanitation";
  }

  Status FileRequest() {
    const char* category = PickCategory();
    const ServiceCategory* cat = FindCategory(category);
    const std::string& grid = grid_codes_[Uniform(0, static_cast<int>(grid_codes_.size()) - 1)];
    FileCase f;
    f.category = category;
    f.description = cat->phrases_zh[Uniform(0, static_cast<int>(cat->phrases_zh.size()) - 1)];
    const auto& places = places_[grid];
    f.location.place_id = places[Uniform(0, static_cast<int>(places.size()) - 1)];
    f.reporter_phone = Phone();
    if (Uniform(0, 2) == 0) f.reporter_name = std::string(kSurnames[Uniform(0, 15)]) + "先生";
    auto r = engine_.File(Actor::Resident(), f);
    if (!r.ok()) return r.status();
    ++cases_filed_;
    ScheduleLoop(r->case_id, grid, cat->priority != Priority::kNormal);
    return Status::Ok();
  }

  // Carries a case through the loop with realistic delays and side paths.
  void ScheduleLoop(const std::string& id, const std::string& grid, bool urgent, bool demo = false,
                    bool finish = true) {
    const std::string worker = worker_[grid], leader = leader_[grid];
    const Timestamp t0 = clock_.Now();
    auto hrs = [&](int lo, int hi) { return hours(Uniform(lo, hi)); };
    Timestamp t = t0 + (urgent ? minutes(Uniform(10, 90)) : hrs(1, 20));
    int fate = demo ? 100 : Uniform(1, 100);
    if (fate <= 3) {  // duplicate or invalid
      At(t, [=, this] {
        return Exec(Actor::Worker(leader),
                    cmd::Reject{id, "invalid", "经核实为误报，已电话告知居民", ""});
      });
      return;
    }
    At(t, [=, this] { return Exec(Actor::Worker(worker), cmd::Acknowledge{id}); });
    if (!finish) return;
    if (fate <= 8) {  // the grid cannot solve it: up to the community
      t += hrs(2, 12);
      At(t, [=, this] {
        return Exec(Actor::Worker(worker), cmd::Escalate{id, "需要社区协调相关单位"});
      });
      At(t + hrs(2, 24),
         [=, this] { return Exec(Actor::Worker("community-office"), cmd::Acknowledge{id}); });
      t += hrs(30, 120);
      At(t, [=, this] {
        return Exec(Actor::Worker("community-office"),
                    cmd::Handle{id, "社区协调物业和相关单位处理", {}});
      });
      At(t + hours(2), [=, this] {
        return Exec(Actor::Worker("community-office"), cmd::ReportBack{id, "已协调处理完毕"});
      });
      t += hours(2);
    } else {
      if (fate <= 13) {
        At(t + hrs(10, 30), [=, this] {
          return Exec(Actor::Worker(worker), cmd::ExtendDeadline{id, 3, "需等待配件", ""});
        });
        t += hours(72);
      }
      t += urgent ? hrs(1, 6) : hrs(4, 100);
      At(t, [=, this] { return Exec(Actor::Worker(worker), cmd::Handle{id, "已到现场处理", {}}); });
      t += hrs(1, 4);
      At(t, [=, this] { return Exec(Actor::Worker(worker), cmd::ReportBack{id, "问题已处理"}); });
    }
    t += hrs(2, 20);
    At(t, [=, this] {
      return Exec(Actor::Worker(leader), cmd::VerifyOnSite{id, true, "现场核查属实"});
    });
    At(t + hours(1), [=, this] { return Exec(Actor::Worker(leader), cmd::Close{id, "销号"}); });
    if (demo) return;  // the demo resident rates it at the kiosk
    t += hrs(24, 72);
    int satisfaction = Uniform(1, 100) <= 94 ? Uniform(4, 5) : Uniform(2, 3);
    bool fixed = Uniform(1, 100) > 2;
    At(t, [=, this] {
      return Exec(Actor::Worker(worker),
                  cmd::FollowUp{id, static_cast<uint8_t>(satisfaction), "电话回访", fixed});
    });
  }

  Status DemoResidentCase(const char* category, const char* text, bool closed) {
    const std::string& grid = grid_codes_[0];
    FileCase f;
    f.category = category;
    f.description = text;
    f.location.place_id = places_[grid][0];
    f.reporter_phone = kDemoPhone;
    f.reporter_name = "王阿姨";
    auto r = engine_.File(Actor::Resident(), f);
    if (!r.ok()) return r.status();
    ++cases_filed_;
    demo_case_ = r->case_id;
    demo_code_ = r->query_code;
    ScheduleLoop(r->case_id, grid, false, true, closed);
    return Status::Ok();
  }

  Status Exec(const Actor& a, CaseCommand c) { return engine_.Execute(a, c).status(); }

  Status Patrol(const std::string& grid) {
    cmd::RecordPatrol p{grid,
                        "日常巡查，走访" + std::to_string(Uniform(5, 30)) + "户",
                        {},
                        static_cast<uint32_t>(Uniform(3, 12)),
                        {}};
    if (Uniform(1, 10) == 1) {  // 发现即办
      FileCase finding;
      finding.category = Uniform(0, 1) ? "sanitation" : "parking";
      finding.description = Uniform(0, 1) ? "巡查发现楼道堆放杂物" : "巡查发现车辆堵塞消防通道";
      finding.location.grid_code = grid;
      p.findings.push_back(finding);
    }
    std::string who = Uniform(0, 1) ? worker_[grid] : "pt-" + grid.substr(12) + "-1";
    auto r = engine_.Record(Actor::Worker(who), p);
    if (!r.ok()) return r.status();
    return Status::Ok();
  }

  Status Outreach(const std::string& grid) {
    static const char* topics[] = {"城乡居民医保缴费", "养老金资格认证", "防范电信诈骗",
                                   "燃气安全"};
    uint32_t households = static_cast<uint32_t>(Uniform(20, 80));
    return Rec(Actor::Worker(worker_[grid]),
               cmd::RecordOutreach{grid, topics[Uniform(0, 3)], households, households * 2});
  }

  Status Inspect(const std::string& grid) {
    const auto& places = places_[grid];
    const std::string& place = places[Uniform(0, static_cast<int>(places.size()) - 1)];
    std::vector<InspectionItem> items = {{"灭火器在有效期内", Uniform(1, 100) > 8, ""},
                                         {"消防栓有水", Uniform(1, 100) > 4, ""},
                                         {"安全出口畅通", Uniform(1, 100) > 6, ""},
                                         {"楼道无易燃物堆放", Uniform(1, 100) > 10, ""}};
    return Rec(Actor::Worker(worker_[grid]),
               cmd::RecordInspection{place, place_names_[place], grid, items});
  }

  Status CareVisit(const std::string& grid) {
    return Rec(Actor::Worker(worker_[grid]),
               cmd::RecordCareVisit{grid, std::string(kSurnames[Uniform(0, 15)]) + "奶奶", Phone(),
                                    "独居老人，身体状况良好", Uniform(0, 5) == 0});
  }

  Status Mediate(const std::string& grid) {
    std::string id = grid.substr(12) + "-" + std::to_string(++mediations_);
    GL_RETURN_IF_ERROR(Rec(
        Actor::Worker(worker_[grid]),
        cmd::OpenMediation{
            id, grid, Uniform(0, 1) ? "房租纠纷" : "楼上漏水纠纷", {"甲方", "乙方"}, "dispute"}));
    At(clock_.Now() + hours(Uniform(24, 96)), [=, this] {
      return Rec(Actor::Worker(worker_[grid]),
                 cmd::RecordMediationSession{id, "双方到场，调解员讲解法律规定"});
    });
    At(clock_.Now() + hours(Uniform(100, 200)), [=, this] {
      return Rec(Actor::Worker(worker_[grid]),
                 cmd::ConcludeMediation{id, Uniform(1, 100) <= 97, "达成调解协议"});
    });
    return Status::Ok();
  }

  Engine& engine_;
  ManualClock& clock_;
  const DemoOptions& options_;
  std::mt19937_64 rng_;
  Timestamp start_;
  std::multimap<Timestamp, Action> agenda_;
  std::vector<std::string> grid_codes_;
  const std::string kStreet;     // 新华街道
  const std::string kCommunity;  // 文化社区
  std::map<std::string, std::vector<std::string>> places_;
  std::map<std::string, std::string> place_names_;
  std::map<std::string, std::string> worker_, leader_;
  uint64_t cases_filed_ = 0;
  int mediations_ = 0;
  std::string demo_case_, demo_code_;
};

}  // namespace

Result<DemoSummary> SeedDemo(const std::string& dir, const DemoOptions& options) {
  Timestamp end = options.end == Timestamp{} ? Clock::System()->Now() : options.end;
  // Start at 08:00 China time (UTC+8) on the first simulated day, which is
  // local midnight + 8 h = the UTC instant of that local date's 00:00 UTC.
  auto local_day = std::chrono::floor<days>(ChinaWallClock(end - days(options.days)));
  Timestamp start(
      std::chrono::duration_cast<std::chrono::microseconds>(local_day.time_since_epoch()));
  ManualClock clock(start);
  if (!IsValidPartition(options.district))
    return Status::InvalidArgument("the demo's district must be a district code (6 digits), not '" +
                                   options.district + "'");
  EngineOptions engine_options;
  engine_options.clock = &clock;
  engine_options.partition = options.district;
  engine_options.durability = Durability::kBuffered;  // bulk seeding; flushed when closed
  auto engine = Engine::Open(dir, engine_options);
  if (!engine.ok()) return engine.error();
  if ((*engine)->log().Committed().value != 0)
    return Status::InvalidArgument("demo data goes into an empty data directory; " + dir +
                                   " has events");
  auto t0 = std::chrono::steady_clock::now();
  Simulation sim(**engine, clock, options, start);
  DemoSummary summary;
  GL_RETURN_IF_ERROR(sim.SetUpRegistry());
  GL_RETURN_IF_ERROR(sim.Run(summary));
  summary.events = (*engine)->log().Committed().value;
  // Make the buffered history durable before reporting success.
  GL_RETURN_IF_ERROR((*engine)->log().SaveCheckpoint("demo-seeded", (*engine)->log().Committed()));
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  summary.events_per_second = summary.seconds > 0 ? summary.events / summary.seconds : 0;
  return summary;
}

}  // namespace gridledger
