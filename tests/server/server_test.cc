// gridledgerd as its clients meet it: a real daemon process, real TLS with
// certificates made by openssl, credentials issued by the operator, the
// remote Engine API and the command line.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <thread>

#include "gridledger/outbox.h"
#include "nlohmann/json.hpp"
#include "server/daemon.h"

namespace gridledger::testing {
namespace {

FileCase Sewer(const std::string& phone = "13812345678") {
  FileCase f;
  f.category = "sewer";
  f.description = "下水道堵了";
  f.location.place_id = "p1";
  f.reporter_phone = phone;
  f.reporter_name = "王阿姨";
  return f;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SeedRegistry(dir_.Sub("store"));
    certs_ = MakeCertificates(dir_.path());
    daemon_ = std::make_unique<Daemon>(dir_.Sub("store"), certs_, dir_.Sub("gl.sock"), options_);
    daemon_->Start();
  }
  void TearDown() override { daemon_.reset(); }

  std::unique_ptr<RemoteEngine> Client(IdentityKind kind, const std::string& subject) {
    auto r = daemon_->OverTls(daemon_->Issue(kind, subject));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }

  std::string Cli(const std::string& args) {
    ShellRun r = Shell(std::string(GL_CLI) + " --server " + daemon_->unix_address() + " " + args);
    last_exit_ = r.exit_code;
    return r.out;
  }

  TempDir dir_;
  Certificates certs_;
  Daemon::Options options_;
  std::unique_ptr<Daemon> daemon_;
  int last_exit_ = 0;
};

TEST_F(ServerTest, AWorkerCarriesAKioskCaseThroughTheLoopOverTls) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  auto w1 = Client(IdentityKind::kWorker, "w1");
  auto l1 = Client(IdentityKind::kWorker, "l1");
  ASSERT_TRUE(kiosk && w1 && l1);
  EXPECT_EQ(w1->identity().kind, IdentityKind::kWorker);
  EXPECT_EQ(w1->identity().subject, "w1");

  auto receipt = kiosk->File(Actor::Resident(), Sewer());
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->assignee, "w1");
  const std::string id = receipt->case_id;
  auto step = [&](RemoteEngine& who, CaseCommand c) {
    auto r = who.Execute(Actor::Resident(), c);  // the actor comes from the credential
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->state : CaseState::kFiled;
  };
  EXPECT_EQ(step(*w1, cmd::Acknowledge{id}), CaseState::kInProgress);
  EXPECT_EQ(step(*w1, cmd::Handle{id, "疏通了", {}}), CaseState::kInProgress);
  EXPECT_EQ(step(*w1, cmd::ReportBack{id, "已疏通"}), CaseState::kReported);
  EXPECT_EQ(step(*l1, cmd::VerifyOnSite{id, true, "现场看过"}), CaseState::kReported);
  EXPECT_EQ(step(*l1, cmd::Close{id, "销号"}), CaseState::kClosed);
  auto seen = kiosk->LookupCase(id, receipt->query_code);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->state, CaseState::kClosed);
  EXPECT_EQ(seen->masked_phone, "138****5678");
}

TEST_F(ServerTest, AKioskCredentialCanDoWhatAResidentCanAndNothingMore) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  ASSERT_TRUE(kiosk);
  auto receipt = kiosk->File(Actor::Worker("w1"), Sewer());  // claims to be w1: ignored
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(kiosk->Execute(Actor::Worker("w1"), cmd::Acknowledge{receipt->case_id}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(kiosk->GetCase(Actor::Worker("w1"), receipt->case_id).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(kiosk->WorkQueue(Actor::System("x"), "").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(kiosk->log().ReadAll(Position{1}, 10).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(kiosk->ErasePerson("13812345678").status().code(), StatusCode::kPermissionDenied);
  // Another resident's case stays closed to a wrong code.
  EXPECT_EQ(kiosk->LookupCase(receipt->case_id, "000000").status().code(), StatusCode::kNotFound);
  // What a kiosk needs works.
  EXPECT_FALSE(kiosk->Catalogue().empty());
  EXPECT_FALSE(kiosk->Grids().empty());
  EXPECT_TRUE(kiosk->LookupByPhone("13812345678", receipt->query_code).ok());
}

TEST_F(ServerTest, ThePartitionNamedAtTheDaemonNumbersTheCasesItsClientsFile) {
  daemon_.reset();
  options_.extra_args = {"--partition", "411302"};
  daemon_ = std::make_unique<Daemon>(dir_.Sub("store"), certs_, dir_.Sub("gl.sock"), options_);
  daemon_->Start();
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  ASSERT_TRUE(kiosk);
  EXPECT_EQ(kiosk->Partition(), "411302");
  auto receipt = kiosk->File(Actor::Resident(), Sewer());
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  EXPECT_EQ(receipt->case_id.rfind("case-411302-", 0), 0u) << receipt->case_id;
  EXPECT_EQ(nlohmann::json::parse(Cli("--json info"))["partition"], "411302");
  // Restarted naming another partition: refused, and it does not serve.
  daemon_->Stop();
  ShellRun other = Shell(std::string(GL_DAEMON) + " --data " + dir_.Sub("store") + " --socket " +
                         dir_.Sub("other.sock") + " --partition 411303 2>&1");
  EXPECT_NE(other.exit_code, 0);
  EXPECT_NE(other.out.find("this store is partition 411302"), std::string::npos) << other.out;
}

TEST_F(ServerTest, APhoneProvedAtTheKioskRatesItsCasesAndTriesAreToldOverTheWire) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  auto w1 = Client(IdentityKind::kWorker, "w1");
  auto l1 = Client(IdentityKind::kWorker, "l1");
  ASSERT_TRUE(kiosk && w1 && l1);
  auto older = kiosk->File({}, Sewer());
  auto newer = kiosk->File({}, Sewer());
  ASSERT_TRUE(older.ok() && newer.ok());
  const std::string id = older->case_id;
  for (CaseCommand c : std::vector<CaseCommand>{cmd::Acknowledge{id}, cmd::Handle{id, "修好", {}},
                                                cmd::ReportBack{id, "已修好"}})
    ASSERT_TRUE(w1->Execute({}, c).ok());
  ASSERT_TRUE(l1->Execute({}, cmd::VerifyOnSite{id, true, ""}).ok());
  ASSERT_TRUE(l1->Execute({}, cmd::Close{id, ""}).ok());
  auto before = kiosk->PhoneLookupTries("13812345678");
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  // The phone and the newer case's code prove the resident: the older case rates.
  auto rated = kiosk->ResidentFeedbackByPhone("13812345678", newer->query_code, id, 5, true, "好");
  ASSERT_TRUE(rated.ok()) << rated.status().ToString();
  EXPECT_EQ(rated->satisfaction, std::optional<uint8_t>(5));
  auto after = kiosk->PhoneLookupTries("13812345678");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->remaining, before->remaining);
  EXPECT_FALSE(kiosk->LookupByPhone("13812345678", "000000").ok());
  EXPECT_EQ(kiosk->PhoneLookupTries("13812345678")->remaining, before->remaining - 1);
  auto case_tries = kiosk->CaseLookupTries(id);
  ASSERT_TRUE(case_tries.ok());
  EXPECT_FALSE(case_tries->locked());
}

TEST_F(ServerTest, AWorkerActsOnlyWhereTheRegistrySaysAndNeverOnTheRawLog) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  auto w2 = Client(IdentityKind::kWorker, "w2");  // grid 2; the case lands in grid 1
  ASSERT_TRUE(kiosk && w2);
  auto receipt = kiosk->File(Actor::Resident(), Sewer());
  ASSERT_TRUE(receipt.ok());
  EXPECT_EQ(w2->Execute({}, cmd::Acknowledge{receipt->case_id}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(w2->log().Verify({}).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(w2->IssueCredential(IdentityKind::kOperator, "me", "").status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(ServerTest, ARevokedCredentialIsRefusedOnItsNextCallOnAnOpenConnection) {
  auto op = daemon_->Operator();
  auto issued = op->IssueCredential(IdentityKind::kWorker, "w1", "phone of w1");
  ASSERT_TRUE(issued.ok());
  auto w1 = daemon_->OverTls(issued->token);
  ASSERT_TRUE(w1.ok()) << w1.status().ToString();
  EXPECT_TRUE((*w1)->WorkQueue({}, "41130200100101").ok());
  ASSERT_TRUE(op->RevokeCredential(issued->info.credential_id, "phone lost").ok());
  EXPECT_EQ((*w1)->WorkQueue({}, "41130200100101").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(daemon_->OverTls(issued->token).status().code(), StatusCode::kPermissionDenied);
  auto list = op->ListCredentials();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].revoked);
  EXPECT_EQ((*list)[0].reason, "phone lost");
  EXPECT_EQ((*list)[0].issued_by, "system:operator");
}

TEST_F(ServerTest, WrongMissingAndForeignCredentialsAreRefused) {
  EXPECT_EQ(daemon_->OverTls("").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(daemon_->OverTls("glc1.0000000000000000.00").status().code(),
            StatusCode::kPermissionDenied);
  std::string good = daemon_->Issue(IdentityKind::kWorker, "w1");
  std::string forged = good.substr(0, good.size() - 1) + (good.back() == '0' ? "1" : "0");
  EXPECT_EQ(daemon_->OverTls(forged).status().code(), StatusCode::kPermissionDenied);
  // A server certificate from a CA the client does not trust: no session.
  EXPECT_EQ(daemon_->OverTls(good, certs_.other_ca).status().code(), StatusCode::kUnavailable);
  // Plain TCP and an empty credential: refused (only the unix socket is
  // the local operator).
  EXPECT_EQ(Connect(daemon_->tcp_address()).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(ServerTest, CredentialsAreStoredOnlyAsKeyedHashes) {
  std::string token = daemon_->Issue(IdentityKind::kKiosk, "hall-1");
  std::string secret = token.substr(token.rfind('.') + 1);
  ASSERT_EQ(daemon_->Stop(), 0);
  ShellRun grep = Shell("grep -r -c " + secret + " " + dir_.Sub("store") + " || true");
  EXPECT_EQ(grep.out.find(":1"), std::string::npos) << grep.out;
  struct stat st;
  ASSERT_EQ(::stat(dir_.Sub("store/credentials.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(ServerTest, ARetriedFilingWithTheSameRequestIdFilesOnce) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  ASSERT_TRUE(kiosk);
  CommandOptions once{EventId::Generate()};
  auto first = kiosk->File({}, Sewer(), once);
  auto again = kiosk->File({}, Sewer(), once);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->case_id, again->case_id);
  EXPECT_EQ(first->query_code, again->query_code);
  auto mine = kiosk->LookupByPhone("13812345678", first->query_code);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 1u);
  // A retried step after it landed: the same view, nothing applied twice.
  auto w1 = Client(IdentityKind::kWorker, "w1");
  CommandOptions step{EventId::Generate()};
  auto ack = w1->Execute({}, cmd::Acknowledge{first->case_id}, step);
  auto ack_again = w1->Execute({}, cmd::Acknowledge{first->case_id}, step);
  ASSERT_TRUE(ack.ok() && ack_again.ok()) << ack_again.status().ToString();
  EXPECT_EQ(ack->version, ack_again->version);
}

TEST_F(ServerTest, ASubscriberSeesHistoryThenLiveEventsInOrder) {
  auto op = daemon_->Operator();
  Position before = op->log().Committed();
  std::mutex mu;
  std::vector<Position> seen;
  auto sub = op->log().Subscribe({}, [&](const RecordedEvent& e) {
    std::lock_guard lock(mu);
    seen.push_back(e.position);
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  ASSERT_TRUE((*sub)->WaitUntilHandled(before, std::chrono::seconds(20)));
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  auto r = kiosk->File({}, Sewer());
  ASSERT_TRUE(r.ok());
  Position after = op->log().Committed();
  ASSERT_TRUE((*sub)->WaitUntilHandled(after, std::chrono::seconds(20)));
  (*sub)->Stop();
  std::lock_guard lock(mu);
  ASSERT_EQ(seen.size(), after.value);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].value, i + 1);
}

TEST_F(ServerTest, ASubscriptionResumesAfterTheServerRestartsWithoutGapsOrRepeats) {
  auto op = Client(IdentityKind::kOperator, "follower");
  ASSERT_TRUE(op);
  std::mutex mu;
  std::vector<uint64_t> seen;
  auto sub = op->log().Subscribe({}, [&](const RecordedEvent& e) {
    std::lock_guard lock(mu);
    seen.push_back(e.position.value);
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok()) << sub.status().ToString();
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  ASSERT_TRUE(kiosk->File({}, Sewer()).ok());
  Position first = daemon_->Operator()->log().Committed();
  ASSERT_TRUE((*sub)->WaitUntilHandled(first, std::chrono::seconds(20)));
  daemon_->Kill();
  daemon_->Start();
  Result<FiledReceipt> again = Status::Unavailable("not yet");
  for (int i = 0; i < 50 && !again.ok(); ++i) {
    again = kiosk->File({}, Sewer());
    if (!again.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  Position end = daemon_->Operator()->log().Committed();
  ASSERT_TRUE((*sub)->WaitUntilHandled(end, std::chrono::seconds(30)))
      << (*sub)->status().ToString();
  (*sub)->Stop();
  std::lock_guard lock(mu);
  ASSERT_EQ(seen.size(), end.value);
  for (size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], i + 1);
}

TEST_F(ServerTest, ManyClientsAtOnceAndTheLedgerStillAddsUp) {
  auto kiosk1 = Client(IdentityKind::kKiosk, "hall-1");
  auto kiosk2 = Client(IdentityKind::kKiosk, "hall-2");
  auto w1 = Client(IdentityKind::kWorker, "w1");
  auto op = daemon_->Operator();
  ASSERT_TRUE(kiosk1 && kiosk2 && w1 && op);
  std::atomic<int> filed{0}, failures{0};
  std::vector<std::string> ids;
  std::mutex ids_mu;
  auto filer = [&](RemoteEngine* k, int n) {
    for (int i = 0; i < n; ++i) {
      auto r = k->File({}, Sewer("1381234" + std::to_string(1000 + i)));
      if (!r.ok()) {
        ++failures;
        continue;
      }
      ++filed;
      std::lock_guard lock(ids_mu);
      ids.push_back(r->case_id);
    }
  };
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> followed{0};
  auto sub = op->log().Subscribe({}, [&](const RecordedEvent& e) {
    followed = e.position.value;
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok());
  std::thread a(filer, kiosk1.get(), 25), b(filer, kiosk2.get(), 25);
  std::thread worker([&] {
    while (!stop) {
      std::string id;
      {
        std::lock_guard lock(ids_mu);
        if (!ids.empty()) {
          id = ids.back();
          ids.pop_back();
        }
      }
      if (id.empty()) {
        std::this_thread::yield();
        continue;
      }
      if (!w1->Execute({}, cmd::Acknowledge{id}).ok()) ++failures;
    }
  });
  auto backup = op->Backup(dir_.Sub("backup"));
  auto verified = op->log().Verify({});
  a.join();
  b.join();
  stop = true;
  worker.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(filed.load(), 50);
  ASSERT_TRUE(backup.ok()) << backup.status().ToString();
  ASSERT_TRUE(verified.ok() && verified->ok());
  Position end = op->log().Committed();
  ASSERT_TRUE((*sub)->WaitUntilHandled(end, std::chrono::seconds(30)));
  (*sub)->Stop();
  std::string served = op->DumpReadModels();
  // The log verifies and the server's read models equal a rebuild from it.
  op.reset();
  kiosk1.reset();
  kiosk2.reset();
  w1.reset();
  ASSERT_EQ(daemon_->Stop(), 0);
  auto local = Engine::Open(dir_.Sub("store"));
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  auto report = (*local)->log().Verify();
  ASSERT_TRUE(report.ok() && report->ok());
  ASSERT_TRUE((*local)->Rebuild().ok());
  EXPECT_EQ((*local)->DumpReadModels(), served);
  // The backup taken under load is a consistent, openable store.
  auto copy = Engine::Open(dir_.Sub("backup"));
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  auto copy_report = (*copy)->log().Verify();
  EXPECT_TRUE(copy_report.ok() && copy_report->ok());
}

TEST_F(ServerTest, SigtermDrainsAndExitsZero) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  ASSERT_TRUE(kiosk);
  ASSERT_TRUE(kiosk->File({}, Sewer()).ok());
  EXPECT_EQ(daemon_->Stop(), 0);
  // The client reports the server gone as a value, not a crash.
  EXPECT_EQ(kiosk->File({}, Sewer()).status().code(), StatusCode::kUnavailable);
}

// systemd's readiness protocol (Type=notify): a datagram on NOTIFY_SOCKET.
TEST(ServerNotify, TellsSystemdWhenItIsReadyAndWhenItDrains) {
  TempDir dir;
  SeedRegistry(dir.Sub("store"));
  std::string path = dir.Sub("notify.sock");
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof addr.sun_path);
  std::strcpy(addr.sun_path, path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  auto next_message = [&] {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20000) != 1) return std::string("(nothing within 20 s)");
    char buf[512];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, n) : std::string();
  };
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  Daemon daemon(dir.Sub("store"), MakeCertificates(dir.path()), dir.Sub("gl.sock"), {});
  daemon.Start();
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_NE(next_message().find("READY=1"), std::string::npos);
  EXPECT_EQ(daemon.Stop(), 0);
  EXPECT_NE(next_message().find("STOPPING=1"), std::string::npos);
  ::close(fd);
}

TEST_F(ServerTest, ClientsReconnectAfterTheServerRestarts) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  ASSERT_TRUE(kiosk);
  ASSERT_TRUE(kiosk->File({}, Sewer()).ok());
  daemon_->Kill();
  EXPECT_EQ(kiosk->File({}, Sewer()).status().code(), StatusCode::kUnavailable);
  daemon_->Start();
  Result<FiledReceipt> again = Status::Unavailable("not yet");
  for (int i = 0; i < 50 && !again.ok(); ++i) {
    again = kiosk->File({}, Sewer());
    if (!again.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(ServerTest, EveryAcknowledgedFilingSurvivesKillNineUnderLoad) {
  // 20 rounds: file under load, SIGKILL the daemon mid-stream, restart;
  // every filing that was answered OK is in the store, retried ones once.
  auto op_token = daemon_->Issue(IdentityKind::kKiosk, "hall-1");
  std::vector<std::pair<std::string, std::string>> acknowledged;  // case id, request id
  for (int round = 0; round < 20; ++round) {
    auto kiosk = daemon_->OverTls(op_token);
    ASSERT_TRUE(kiosk.ok()) << kiosk.status().ToString();
    std::atomic<bool> go{true};
    std::mutex mu;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; go; ++i) {
          CommandOptions o{EventId::Generate()};
          auto r = (*kiosk)->File({}, Sewer("1390000" + std::to_string(1000 + t)), o);
          if (!r.ok()) break;
          std::lock_guard lock(mu);
          acknowledged.emplace_back(r->case_id, o.request_id.ToString());
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + 7 * round));
    daemon_->Kill();
    go = false;
    for (auto& t : threads) t.join();
    kiosk->reset();
    daemon_->Start();
  }
  auto op = daemon_->Operator();
  ASSERT_TRUE(op);
  for (const auto& [case_id, request] : acknowledged) {
    auto view = op->GetCase({}, case_id);
    ASSERT_TRUE(view.ok()) << case_id << ": " << view.status().ToString();
  }
  EXPECT_GT(acknowledged.size(), 20u);
  auto report = op->log().Verify({});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->problem;
}

TEST_F(ServerTest, TheCommandLineRunsTheClosedLoopAgainstTheServer) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  auto receipt = kiosk->File({}, Sewer());
  ASSERT_TRUE(receipt.ok());
  const std::string id = receipt->case_id;
  std::string w1 = daemon_->Issue(IdentityKind::kWorker, "w1");
  std::string l1 = daemon_->Issue(IdentityKind::kWorker, "l1");
  std::string tls = " --server " + daemon_->tls_address() + " --ca " + certs_.ca +
                    " --server-name localhost --credential ";
  auto as = [&](const std::string& token, const std::string& args) {
    ShellRun r = Shell(std::string(GL_CLI) + tls + token + " " + args);
    last_exit_ = r.exit_code;
    return r.out;
  };
  EXPECT_NE(as(w1, "case acknowledge " + id).find("办理中"), std::string::npos);
  EXPECT_EQ(last_exit_, 0);
  as(w1, "case handle " + id + " --note 疏通了");
  EXPECT_EQ(last_exit_, 0);
  // Closing before verification is the decider's refusal, said plainly.
  std::string refused = as(l1, "case close " + id);
  EXPECT_EQ(last_exit_, 1);
  EXPECT_NE(refused.find("refused"), std::string::npos) << refused;
  as(w1, "case report " + id + " --result 已疏通");
  EXPECT_EQ(last_exit_, 0);
  // w1 handled it: w1 may not verify their own work.
  as(w1, "case verify " + id);
  EXPECT_EQ(last_exit_, 1);
  as(l1, "case verify " + id + " --note 现场看过");
  EXPECT_EQ(last_exit_, 0);
  std::string closed = as(l1, "--json case close " + id);
  EXPECT_EQ(last_exit_, 0);
  EXPECT_NE(closed.find("\"closed\""), std::string::npos) << closed;
  // The operator on the unix socket: show, stats, verify, backup.
  EXPECT_NE(Cli("show " + id).find("已办结"), std::string::npos);
  Cli("stats");
  EXPECT_EQ(last_exit_, 0);
  EXPECT_NE(Cli("verify").find("hash chain: ok"), std::string::npos);
  Cli("backup " + dir_.Sub("cli-backup"));
  EXPECT_EQ(last_exit_, 0);
  ShellRun local = Shell(std::string(GL_CLI) + " --data " + dir_.Sub("cli-backup") + " verify");
  EXPECT_EQ(local.exit_code, 0) << local.out;
  // A patrol and an inspection whose failed item opens a case.
  as(w1, "work patrol --grid 41130200100101 --note 巡查 --places 3");
  EXPECT_EQ(last_exit_, 0);
  std::string ins = as(w1,
                       "work inspection --grid 41130200100101 --place-name 小吃店 "
                       "--item 灭火器=pass --item 疏散通道=fail:堆放杂物");
  EXPECT_EQ(last_exit_, 0) << ins;
  // Permission denied is said as such.
  std::string denied = as(w1, "work patrol --grid 41130200100102");
  EXPECT_EQ(last_exit_, 1);
  EXPECT_NE(denied.find("permission denied"), std::string::npos) << denied;
}

TEST_F(ServerTest, TheCommandLineRebuildsALiveServersReadModelsWhileItKeepsServing) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto receipt = kiosk->File({}, Sewer("1381234567" + std::to_string(i)));
    ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
    ids.push_back(receipt->case_id);
  }
  auto op = daemon_->Operator();
  const std::string before = op->DumpReadModels();
  ASSERT_FALSE(before.empty());
  // The generation on disk, as a read-only open beside the server sees it.
  auto generation = [&] {
    ShellRun r = Shell(std::string(GL_CLI) + " --data " + dir_.Sub("store") + " --json info");
    auto at = r.out.find("\"generation\":");
    return at == std::string::npos ? std::string("none: ") + r.out
                                   : r.out.substr(at, r.out.find_first_of(",}", at) - at);
  };
  const std::string generation_before = generation();
  // `info` through the server tells the same generation, as the server's:
  // not a read-only recomputation, and no data directory.
  auto served_generation = [&] {
    auto j = nlohmann::json::parse(Cli("--json info"));
    EXPECT_EQ(j["projections"][0]["lag"], 0);
    EXPECT_EQ(j["projections"][0]["building"], false);
    return "\"generation\": " + j["projections"][0]["generation"].dump();
  };
  EXPECT_EQ(served_generation(), generation_before);
  std::string info = Cli("info");
  EXPECT_NE(info.find("server:"), std::string::npos) << info;
  EXPECT_EQ(info.find("data directory"), std::string::npos) << info;
  EXPECT_EQ(info.find("in memory"), std::string::npos) << info;
  EXPECT_NE(info.find("generation "), std::string::npos) << info;

  // The operator rebuilds through the server: no stop, no data directory.
  std::string out = Cli("rebuild");
  ASSERT_EQ(last_exit_, 0) << out;
  EXPECT_NE(out.find("rebuilt the read models from"), std::string::npos) << out;
  EXPECT_NE(generation(), generation_before) << "a new generation took over";
  EXPECT_EQ(served_generation(), generation());
  EXPECT_EQ(op->DumpReadModels(), before) << "the rebuilt models equal the ones they replaced";

  // The server kept serving, and the new generation takes commits.
  auto receipt = kiosk->File({}, Sewer("13812345679"));
  ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  auto view = op->GetCase({}, receipt->case_id);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->case_id, receipt->case_id);
  EXPECT_NE(Cli("verify").find("hash chain: ok"), std::string::npos);

  // Only operators may: a worker's credential is refused, saying so.
  std::string w1 = daemon_->Issue(IdentityKind::kWorker, "w1");
  ShellRun worker = Shell(std::string(GL_CLI) + " --server " + daemon_->tls_address() + " --ca " +
                          certs_.ca + " --server-name localhost --credential " + w1 + " rebuild");
  EXPECT_EQ(worker.exit_code, 1) << worker.out;
  EXPECT_NE(worker.out.find("may not make this call"), std::string::npos) << worker.out;
  // The build budget is the server's: --memory-mib is a usage error here.
  out = Cli("rebuild --memory-mib 64");
  EXPECT_EQ(last_exit_, 2) << out;
  EXPECT_NE(out.find("--memory-mib applies to a data directory"), std::string::npos) << out;
}

TEST_F(ServerTest, MalformedRequestsGetAnErrorAndTheServerKeepsServing) {
  // Garbage on the TLS port and on the loopback port, then a real client.
  Shell("head -c 100000 /dev/urandom | timeout 5 openssl s_client -quiet -connect 127.0.0.1:" +
        daemon_->tls_address().substr(daemon_->tls_address().rfind(':') + 1) +
        " >/dev/null 2>&1 || true");
  Shell("head -c 100000 /dev/urandom > " + dir_.Sub("junk") + "; timeout 5 bash -c \"cat " +
        dir_.Sub("junk") + " > /dev/tcp/127.0.0.1/" +
        daemon_->tcp_address().substr(daemon_->tcp_address().rfind(':') + 1) + "\" || true");
  auto op = daemon_->Operator();
  ASSERT_TRUE(op);
  EXPECT_GT(op->log().Committed().value, 0u);
  // A bad request id is an error value.
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  EXPECT_EQ(kiosk->File({}, FileCase{}).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(ServerTest, FilingsMadeWhileTheServerIsDownArriveExactlyOnceWhenItIsBack) {
  std::string token = daemon_->Issue(IdentityKind::kKiosk, "hall-1");
  auto kiosk = daemon_->OverTls(token);
  ASSERT_TRUE(kiosk.ok());
  OutboxOptions o;
  o.dir = dir_.Sub("outbox");
  o.retry_every = std::chrono::hours(1);  // the test flushes by hand
  auto box = Outbox::Open(**kiosk, o);
  ASSERT_TRUE(box.ok()) << box.status().ToString();
  ASSERT_EQ(daemon_->Stop(), 0);
  std::vector<FiledReceipt> receipts;
  for (int i = 0; i < 3; ++i) {
    auto r = (*box)->File(Sewer("1370000000" + std::to_string(i)));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->queued);
    EXPECT_TRUE(r->case_id.empty());
    EXPECT_EQ(r->query_code.size(), 6u);
    receipts.push_back(*r);
  }
  EXPECT_EQ((*box)->Pending(), 3u);
  // The kiosk restarts too: what waits is on disk.
  box->reset();
  box = Outbox::Open(**kiosk, o);
  ASSERT_TRUE(box.ok());
  EXPECT_EQ((*box)->Pending(), 3u);
  daemon_->Start();
  Result<size_t> sent = size_t{0};
  for (int i = 0; i < 50 && (*box)->Pending() > 0; ++i) {
    sent = (*box)->Flush();
    if ((*box)->Pending() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ((*box)->Pending(), 0u);
  // Sending again (a retry after a lost answer) files nothing twice.
  ASSERT_TRUE((*box)->Flush().ok());
  for (int i = 0; i < 3; ++i) {
    auto mine = (*kiosk)->LookupByPhone("1370000000" + std::to_string(i), receipts[i].query_code);
    ASSERT_TRUE(mine.ok()) << mine.status().ToString();
    EXPECT_EQ(mine->size(), 1u);
  }
  auto op = daemon_->Operator();
  auto ledger = op->Ledger({}, "", Timestamp{}, FromMicros(INT64_MAX / 2));
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->size(), 3u);
}

TEST_F(ServerTest, TheOutboxKeepsRefusalsAndSavesNothingForABadFiling) {
  auto kiosk = daemon_->OverTls(daemon_->Issue(IdentityKind::kKiosk, "hall-1"));
  ASSERT_TRUE(kiosk.ok());
  OutboxOptions o;
  o.dir = dir_.Sub("outbox");
  auto box = Outbox::Open(**kiosk, o);
  ASSERT_TRUE(box.ok());
  FileCase bad = Sewer();
  bad.category = "no-such-category";
  EXPECT_EQ((*box)->File(bad).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*box)->Pending(), 0u);
  auto good = (*box)->File(Sewer());
  ASSERT_TRUE(good.ok());
  EXPECT_FALSE(good->queued);
  EXPECT_FALSE(good->case_id.empty());
}

// The value of the series `name{labels}` in a Prometheus text page.
double Series(const std::string& page, const std::string& series) {
  size_t at = 0;
  while ((at = page.find(series + " ", at)) != std::string::npos) {
    if (at == 0 || page[at - 1] == '\n') return std::stod(page.substr(at + series.size() + 1));
    at += series.size();
  }
  ADD_FAILURE() << "no series " << series << " in\n" << page.substr(0, 2000);
  return -1;
}

TEST_F(ServerTest, MetricsMoveByExactlyTheWorkDoneAndPromtoolAcceptsThem) {
  auto kiosk = Client(IdentityKind::kKiosk, "hall-1");
  auto w1 = Client(IdentityKind::kWorker, "w1");
  ASSERT_TRUE(kiosk && w1);
  auto scrape = [&] { return HttpGet(daemon_->http_port(), "/metrics").body; };
  std::string before = scrape();
  std::vector<FiledReceipt> filed;
  for (int i = 0; i < 3; ++i) filed.push_back(*kiosk->File({}, Sewer()));
  ASSERT_TRUE(w1->Execute({}, cmd::Acknowledge{filed[0].case_id}).ok());
  EXPECT_EQ(kiosk->LookupCase(filed[1].case_id, "999999").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(daemon_->OverTls("glc1.00.00").ok());
  std::string after = scrape();
  auto delta = [&](const std::string& s) { return Series(after, s) - Series(before, s); };
  // 3 filings (filed + registered + dispatched each) and one acknowledgement.
  EXPECT_EQ(delta("gridledger_appends_total{durability=\"durable\"}"), 4);
  EXPECT_EQ(delta("gridledger_events_appended_total{durability=\"durable\"}"), 10);
  EXPECT_EQ(delta("gridledger_query_code_failures_total"), 1);
  EXPECT_EQ(delta("gridledger_credential_failures_total"), 1);
  EXPECT_EQ(Series(after, "gridledger_rpc_calls_total{method=\"file\",outcome=\"OK\"}"), 3);
  EXPECT_EQ(Series(after, "gridledger_rpc_calls_total{method=\"lookupCase\",outcome=\"NotFound\"}"),
            1);
  EXPECT_EQ(Series(after, "gridledger_open_cases"), 3);
  EXPECT_GE(Series(after, "gridledger_rpc_connections"), 2);
  EXPECT_EQ(Series(after, "gridledger_log_position"),
            static_cast<double>(daemon_->Operator()->log().Committed().value));
  // promtool (Debian's prometheus package) accepts the page as it is.
  std::ofstream(dir_.Sub("metrics.txt")) << scrape();
  ShellRun lint = Shell("promtool check metrics < " + dir_.Sub("metrics.txt"));
  EXPECT_EQ(lint.exit_code, 0) << lint.out;
  EXPECT_EQ(HttpGet(daemon_->http_port(), "/healthz").body, "ok\n");
  EXPECT_EQ(HttpGet(daemon_->http_port(), "/readyz").body, "ready\n");
  EXPECT_EQ(HttpGet(daemon_->http_port(), "/../etc/passwd").status, 404);
}

class MutualTlsTest : public ServerTest {
 protected:
  void SetUp() override {
    options_.client_certificates = true;
    ServerTest::SetUp();
  }
};

TEST_F(MutualTlsTest, ClientsWithoutACertificateFromTheCaAreRefused) {
  std::string token = daemon_->Issue(IdentityKind::kKiosk, "hall-1");
  EXPECT_TRUE(daemon_->OverTls(token).ok());  // with the client certificate
  ClientOptions bare;
  bare.credential = token;
  bare.ca_file = certs_.ca;
  bare.server_name = "localhost";
  EXPECT_EQ(Connect(daemon_->tls_address(), bare).status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace gridledger::testing
