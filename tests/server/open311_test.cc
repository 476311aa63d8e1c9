// gridledgerd's live Open311 GeoReport v2 endpoint, driven the way a city
// platform drives it: a real daemon, a real HTTP client (kj-http, over
// plain loopback HTTP and over HTTPS with certificates made by openssl),
// keys issued with the command line, and a worker carrying a POSTed
// request through the closed loop from the command line.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "nlohmann/json.hpp"
#include "pugixml.hpp"
#include "server/daemon.h"

namespace gridledger::testing {
namespace {

using Json = nlohmann::json;
using Fields = std::vector<std::pair<std::string, std::string>>;

class Open311Test : public ::testing::Test {
 protected:
  void SetUp() override {
    SeedRegistry(dir_.Sub("store"));
    certs_ = MakeCertificates(dir_.path());
    std::ofstream(dir_.Sub("codes.csv")) << "# the city's codes\nSF-SEWER,sewer\n";
    Daemon::Options options;
    options.extra_args = {"--open311",
                          "--open311-code-map",
                          dir_.Sub("codes.csv"),
                          "--open311-jurisdiction",
                          "411302001",
                          "--open311-base-url",
                          "https://localhost/open311/v2",
                          "--http-header-timeout-ms",
                          "400",
                          "--http-body-timeout-ms",
                          "400"};
    daemon_ = std::make_unique<Daemon>(dir_.Sub("store"), certs_, dir_.Sub("gl.sock"), options);
    daemon_->Start();
    key_ = daemon_->Issue(IdentityKind::kIntegration, "city-12345");
  }
  void TearDown() override { daemon_.reset(); }

  std::string Url(const std::string& path) const {
    return daemon_->http_base() + "/open311/v2/" + path;
  }
  HttpReply Get(const std::string& path, Fields query = {}) const {
    std::string q = FormEncode(query);
    return Http({.url = Url(path) + (q.empty() ? "" : "?" + q)});
  }
  HttpReply GetWithKey(const std::string& path, Fields query = {}) const {
    query.insert(query.begin(), {"api_key", key_});
    return Get(path, std::move(query));
  }
  HttpReply Post(const std::string& path, const Fields& form, Fields headers = {}) const {
    return Http({.method = "POST",
                 .url = Url(path),
                 .body = FormEncode(form),
                 .content_type = "application/x-www-form-urlencoded",
                 .headers = std::move(headers)});
  }
  Fields Sewer() const {
    return {{"api_key", key_},
            {"jurisdiction_id", "411302001"},
            {"service_code", "sewer"},
            {"address_id", "p1"},
            {"description", "下水道堵了，污水冒到路上"},
            {"phone", "+86 138-0013-8000"},
            {"last_name", "王"},
            {"first_name", "阿姨"},
            {"email", "wang@example.cn"}};
  }
  std::string Cli(const std::string& args) {
    ShellRun r = Shell(std::string(GL_CLI) + " --server " + daemon_->unix_address() + " " + args);
    last_exit_ = r.exit_code;
    return r.out;
  }
  uint64_t Committed() const { return daemon_->Operator()->log().Committed().value; }

  TempDir dir_;
  Certificates certs_;
  std::unique_ptr<Daemon> daemon_;
  std::string key_;
  int last_exit_ = 0;
};

std::string XmlRoot(const std::string& text) {
  pugi::xml_document doc;
  if (!doc.load_string(text.c_str())) return "(not XML)";
  return doc.document_element().name();
}

// The service_request_id a POST answered with (JSON).
std::string PostedId(const HttpReply& r) {
  auto j = Json::parse(r.body, nullptr, false);
  if (!j.is_array() || j.empty()) return "";
  return j[0].value("service_request_id", "");
}

TEST_F(Open311Test, EveryEndpointAnswersInBothFormats) {
  for (const char* ext : {"json", "xml"}) {
    SCOPED_TRACE(ext);
    const bool json = std::string(ext) == "json";
    auto expect_doc = [&](const HttpReply& r, const char* xml_root) {
      EXPECT_EQ(r.status, 200) << r.body;
      if (json) {
        EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
        EXPECT_FALSE(Json::parse(r.body, nullptr, false).is_discarded()) << r.body;
      } else {
        EXPECT_EQ(r.content_type, "text/xml; charset=utf-8");
        EXPECT_EQ(XmlRoot(r.body), xml_root) << r.body;
      }
    };
    expect_doc(Get(std::string("discovery.") + ext), "discovery");
    auto services = Get(std::string("services.") + ext);
    expect_doc(services, "services");
    EXPECT_NE(services.body.find("sewer"), std::string::npos);
    auto definition = Get(std::string("services/sewer.") + ext);
    expect_doc(definition, "service_definition");
    // The grid attribute lists the registered grids.
    EXPECT_NE(definition.body.find("41130200100101"), std::string::npos) << definition.body;

    auto posted = Post(std::string("requests.") + ext, Sewer());
    expect_doc(posted, "service_requests");
    std::string id;
    if (json) {
      id = PostedId(posted);
    } else {
      pugi::xml_document doc;
      doc.load_string(posted.body.c_str());
      id = doc.child("service_requests").child("request").child_value("service_request_id");
    }
    ASSERT_EQ(id.rfind("case-", 0), 0u) << posted.body;

    auto one = GetWithKey("requests/" + id + "." + ext);
    expect_doc(one, "service_requests");
    EXPECT_NE(one.body.find("下水道堵了"), std::string::npos);
    auto list =
        GetWithKey(std::string("requests.") + ext, {{"service_code", "sewer"}, {"status", "open"}});
    expect_doc(list, "service_requests");
    EXPECT_NE(list.body.find(id), std::string::npos);
    auto by_id = GetWithKey(std::string("requests.") + ext, {{"service_request_id", id}});
    EXPECT_NE(by_id.body.find(id), std::string::npos);
    auto updates = GetWithKey(std::string("servicerequestupdates.") + ext);
    expect_doc(updates, "service_request_updates");
    EXPECT_NE(updates.body.find(id), std::string::npos) << updates.body;
    // Requests are filed synchronously: there are no tokens to look up.
    auto token = Get(std::string("tokens/abc.") + ext);
    EXPECT_EQ(token.status, 404);
  }
  // Never the reporter's name, phone or e-mail.
  auto all = GetWithKey("requests.json");
  EXPECT_EQ(all.body.find("13800138000"), std::string::npos);
  EXPECT_EQ(all.body.find("阿姨"), std::string::npos);
  EXPECT_EQ(all.body.find("wang@example.cn"), std::string::npos);
}

TEST_F(Open311Test, APostedRequestGoesThroughTheLoopStepByStepInTheUpdates) {
  auto posted = Post("requests.json", Sewer());
  ASSERT_EQ(posted.status, 200) << posted.body;
  const std::string id = PostedId(posted);
  ASSERT_FALSE(id.empty());
  // Its personal fields are sealed on the log like every other.
  auto stored = daemon_->Operator()->log().ReadAllStored(Position{1}, 100000);
  ASSERT_TRUE(stored.ok());
  for (const auto& e : *stored) {
    std::string bytes(e.bytes.begin(), e.bytes.end());
    EXPECT_EQ(bytes.find("13800138000"), std::string::npos);
    EXPECT_EQ(bytes.find("阿姨"), std::string::npos);
  }
  // The resident's own case is findable by the phone the platform sent.
  auto view = daemon_->Operator()->GetCase(Actor::System("test"), id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->source, CaseSource::kHotline);

  std::string w1 = daemon_->Issue(IdentityKind::kWorker, "w1");
  std::string l1 = daemon_->Issue(IdentityKind::kWorker, "l1");
  auto as = [&](const std::string& token, const std::string& args) {
    ShellRun r = Shell(std::string(GL_CLI) + " --server " + daemon_->tls_address() + " --ca " +
                       certs_.ca + " --server-name localhost --credential " + token + " " + args);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.out;
  };
  as(w1, "case acknowledge " + id);
  as(w1, "case handle " + id + " --note 疏通了");
  as(w1, "case report " + id + " --result 已疏通");
  as(l1, "case verify " + id + " --note 现场看过");
  as(l1, "case close " + id);

  auto updates = GetWithKey("servicerequestupdates.json", {{"start_date", "2020-01-01"}});
  ASSERT_EQ(updates.status, 200) << updates.body;
  std::vector<std::string> statuses;
  for (const auto& u : Json::parse(updates.body))
    if (u["service_request_id"] == id) statuses.push_back(u["status"]);
  ASSERT_GE(statuses.size(), 6u) << updates.body;
  EXPECT_EQ(statuses.front(), "open");
  EXPECT_NE(std::find(statuses.begin(), statuses.end(), "in_progress"), statuses.end());
  EXPECT_EQ(statuses.back(), "fixed");
  auto one = GetWithKey("requests/" + id + ".json");
  EXPECT_EQ(Json::parse(one.body)[0]["status"], "closed") << one.body;
  // A window after everything holds none of it.
  auto later = GetWithKey("servicerequestupdates.json",
                          {{"start_date", "2099-01-01"}, {"end_date", "2099-01-02"}});
  EXPECT_EQ(later.body.find(id), std::string::npos);
}

TEST_F(Open311Test, ErrorsHaveTheSpecificationsShapeAndStatusAndStoreNothing) {
  const std::string worker_key = daemon_->Issue(IdentityKind::kWorker, "w1");
  uint64_t before = Committed();
  auto expect_error = [&](const HttpReply& r, int status, const std::string& words) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = Json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_array() && !j.empty()) << r.body;
    EXPECT_EQ(j[0]["code"], status);
    EXPECT_NE(j[0]["description"].get<std::string>().find(words), std::string::npos) << r.body;
  };
  auto without = [&](const std::string& field) {
    Fields f;
    for (auto& kv : Sewer())
      if (kv.first != field) f.push_back(kv);
    return f;
  };
  auto with = [&](const std::string& field, const std::string& value) {
    Fields f = without(field);
    f.emplace_back(field, value);
    return f;
  };
  expect_error(Post("requests.json", without("service_code")), 400, "service_code");
  expect_error(Post("requests.json", with("lat", "91")), 400, "lat");
  expect_error(Post("requests.json", with("media_url", "file:///etc/passwd")), 400, "media_url");
  expect_error(Post("requests.json", with("email", "not an address")), 400, "email");
  expect_error(Post("requests.json", with("attribute[colour]", "red")), 400, "attribute[colour]");
  expect_error(Post("requests.json", with("attribute[grid]", "999")), 400, "attribute[grid]");
  expect_error(Post("requests.json", with("phone", "12345")), 400, "phone");
  expect_error(Post("requests.json", with("description", std::string(5000, 'x'))), 400,
               "description");
  Fields nowhere = without("address_id");
  expect_error(Post("requests.json", nowhere), 400, "location");
  expect_error(Post("requests.json", with("service_code", "no-such-service")), 404, "service_code");
  expect_error(Post("requests.json", with("jurisdiction_id", "110101")), 404, "jurisdiction_id");
  expect_error(Post("requests.json", without("api_key")), 403, "api_key");
  expect_error(Post("requests.json", with("api_key", "glc1.0000.bad")), 403, "api_key");
  // A key of another kind: a kiosk's or a worker's is not an integration's.
  expect_error(Post("requests.json", with("api_key", worker_key)), 403, "integration");
  expect_error(GetWithKey("requests/case-20990101-0001.json"), 404, "not found");
  expect_error(Get("services/no-such-service.json"), 404, "service_code");
  expect_error(Get("requests.json"), 403, "api_key");
  expect_error(GetWithKey("requests.json", {{"start_date", "yesterday"}}), 400, "start_date");
  expect_error(GetWithKey("requests.json", {{"status", "lost"}}), 400, "status");
  expect_error(Http({.method = "DELETE", .url = Url("requests.json")}), 405, "DELETE");
  expect_error(Get("nothing.json"), 404, "no such");
  // The XML shape: <errors><error><code/><description/></error></errors>.
  auto xml = Post("requests.xml", without("service_code"));
  EXPECT_EQ(xml.status, 400);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.body.c_str())) << xml.body;
  EXPECT_STREQ(doc.child("errors").child("error").child_value("code"), "400");
  EXPECT_NE(std::string(doc.child("errors").child("error").child_value("description"))
                .find("service_code"),
            std::string::npos);
  // A body over the limit is refused unread.
  auto huge = Http({.method = "POST",
                    .url = Url("requests.json"),
                    .body = FormEncode(with("description", std::string(70000, 'x'))),
                    .content_type = "application/x-www-form-urlencoded"});
  EXPECT_EQ(huge.status, 413);
  // Dot segments cannot leave the endpoint's tree.
  auto dots = Http({.url = daemon_->http_base() + "/open311/v2/%2e%2e/%2e%2e/metrics"});
  EXPECT_NE(dots.status, 200);
  // Not one refused POST stored anything.
  EXPECT_EQ(Committed(), before);
}

TEST_F(Open311Test, TheSamePostTwiceFilesOnce) {
  uint64_t before = Committed();
  // An Idempotency-Key header...
  auto a = Post("requests.json", Sewer(), {{"Idempotency-Key", "city-12345-req-77"}});
  auto b = Post("requests.json", Sewer(), {{"Idempotency-Key", "city-12345-req-77"}});
  ASSERT_EQ(a.status, 200) << a.body;
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(PostedId(a), PostedId(b));
  uint64_t after_one = Committed();
  EXPECT_GT(after_one, before);
  // ... or device_id with the same fields.
  Fields device = Sewer();
  device.emplace_back("device_id", "phone-abc");
  auto c = Post("requests.json", device);
  auto d = Post("requests.json", device);
  EXPECT_EQ(PostedId(c), PostedId(d));
  EXPECT_NE(PostedId(c), PostedId(a));
  // Without either, two POSTs are two reports.
  auto e = Post("requests.json", Sewer());
  auto f = Post("requests.json", Sewer());
  EXPECT_NE(PostedId(e), PostedId(f));
  auto ledger = daemon_->Operator()->Ledger(Actor::System("test"), "", Timestamp{},
                                            FromMicros(INT64_MAX / 2));
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->size(), 4u);
}

TEST_F(Open311Test, ForeignServiceCodesMapThroughTheCodeMap) {
  Fields f;
  for (auto& kv : Sewer())
    if (kv.first != "service_code") f.push_back(kv);
  f.emplace_back("service_code", "sf-sewer");  // case-insensitive
  auto posted = Post("requests.json", f);
  ASSERT_EQ(posted.status, 200) << posted.body;
  auto one = GetWithKey("requests/" + PostedId(posted) + ".json");
  EXPECT_EQ(Json::parse(one.body)[0]["service_code"], "sewer") << one.body;
  EXPECT_EQ(Get("services/SF-SEWER.json").status, 200);
}

TEST_F(Open311Test, ARevokedKeyIsRefusedOnItsNextRequest) {
  ASSERT_EQ(Post("requests.json", Sewer()).status, 200);
  std::string listing = Cli("--json credentials list");
  auto creds = Json::parse(listing, nullptr, false);
  ASSERT_TRUE(creds.is_array()) << listing;
  std::string id;
  for (const auto& c : creds)
    if (c.value("subject", "") == "city-12345") id = c.value("credentialId", c.value("id", ""));
  ASSERT_FALSE(id.empty()) << listing;
  Cli("credentials revoke " + id + " --reason 合同到期");
  ASSERT_EQ(last_exit_, 0);
  auto refused = Post("requests.json", Sewer());
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(GetWithKey("requests.json").status, 403);
  // Refusals are counted where operators look.
  auto metrics = HttpGet(daemon_->http_port(), "/metrics");
  EXPECT_NE(metrics.body.find("gridledger_http_requests_total{handler=\"open311\",code=\"403\"}"),
            std::string::npos)
      << metrics.body;
}

TEST_F(Open311Test, TheEndpointIsServedOverHttpsToClientsThatTrustTheCa) {
  auto r = Http({.url = daemon_->https_base() + "/open311/v2/services.json", .ca_file = certs_.ca});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("sewer"), std::string::npos);
  auto posted = Http({.method = "POST",
                      .url = daemon_->https_base() + "/open311/v2/requests.json",
                      .body = FormEncode(Sewer()),
                      .content_type = "application/x-www-form-urlencoded",
                      .ca_file = certs_.ca});
  EXPECT_EQ(posted.status, 200) << posted.body;
}

TEST_F(Open311Test, ASlowClientIsCutOffAndOthersAreServed) {
  // Half a request header, then nothing: the server closes the connection
  // after its header timeout (400 ms here).
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(daemon_->http_port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string partial = "POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(::write(fd, partial.data(), partial.size()), ssize_t(partial.size()));
  auto start = std::chrono::steady_clock::now();
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 20000), 1) << "the server kept a slow client's connection open";
  char buf[1024];
  ssize_t n;
  std::string answer;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) answer.append(buf, n);
  ::close(fd);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // Meanwhile and after, other clients are answered.
  EXPECT_EQ(Get("services.json").status, 200);
}

}  // namespace
}  // namespace gridledger::testing
