// GeoReportEndpoint: Open311 GeoReport v2 served live by gridledgerd under
// /open311/v2/, with mySociety's servicerequestupdates (docs/open311.md).
//
//   GET  discovery.{xml,json}                     public
//   GET  services.{xml,json}                      public
//   GET  services/{service_code}.{xml,json}       public
//   POST requests.{xml,json}                      api_key
//   GET  requests.{xml,json}                      api_key
//   GET  requests/{service_request_id}.{xml,json} api_key
//   GET  tokens/{token}.{xml,json}                (404: requests are filed synchronously)
//   GET  servicerequestupdates.{xml,json}         api_key
//
// api_key is a gridledgerd credential of kind "integration" (issued,
// revoked and stored hashed like every credential); its holder acts as that
// system, never as a worker. Reads of requests need a key too: a case's
// description is a resident's own words, so GridLedger does not publish it
// to anyone who asks.
//
// Errors are the specification's <errors> document (or JSON array) with
// its status: 400 names the bad field, 403 a missing or bad key, 404 an
// unknown service, request or jurisdiction, 405 a wrong method; a refused
// POST stores nothing.
//
// A POST files once: with an Idempotency-Key header, or with device_id and
// identical fields, a repeated POST by the same key returns the first
// POST's case (the engine's request ids, CommandOptions::request_id).
// Result lists are capped (`max_results`, newest first).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "gridledger/http_handler.h"
#include "mapping.h"

namespace gridledger::open311 {

struct EndpointOptions {
  // The jurisdiction this partition is (jurisdiction_id); a request naming
  // another is answered 404. "" accepts any and none. Default: ""
  std::string jurisdiction_id;
  // The endpoint's public base URL for discovery, e.g.
  // "https://ledger.example.gov.cn:8443/open311/v2". Default: ""
  std::string base_url;
  std::string contact;  // discovery's contact text
  // Foreign service codes (CodeMap file); "" for the catalogue's own only.
  std::string code_map_file;
  // Source recorded on POSTed cases: CaseSource::kHotline (a city platform)
  // or CaseSource::kImport. Default: kHotline
  CaseSource source = CaseSource::kHotline;
  // Most requests or updates one GET returns. Default: 1000
  size_t max_results = 1000;
  // Longest value of any one field (the description's own limit is the
  // engine's, 4000 bytes). Default: 4000
  size_t max_field_bytes = 4000;
};

class GeoReportEndpoint final : public HttpHandler {
 public:
  // kInvalidArgument for a bad code map or source.
  static Result<std::shared_ptr<GeoReportEndpoint>> Create(EndpointOptions options);

  std::string prefix() const override { return "/open311/v2/"; }
  std::string name() const override { return "open311"; }
  HttpResponse Handle(const HttpRequest& request, HttpContext& context) override;

 private:
  GeoReportEndpoint(EndpointOptions options, CodeMap codes)
      : options_(std::move(options)), codes_(std::move(codes)) {}

  EndpointOptions options_;
  CodeMap codes_;
};

}  // namespace gridledger::open311
