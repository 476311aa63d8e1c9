// Writing one HTTP reply (http_reply.h).
#include "rpc/http_reply.h"

namespace gridledger::rpc {

const char* HttpReason(uint status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return status < 400 ? "OK" : "Error";
  }
}

kj::Promise<void> SendHttp(kj::HttpService::Response& response, const kj::HttpHeaderTable& table,
                           uint status, kj::StringPtr content_type, std::string body) {
  kj::HttpHeaders headers(table);
  headers.set(kj::HttpHeaderId::CONTENT_TYPE, content_type);
  auto stream = response.send(status, HttpReason(status), headers, uint64_t{body.size()});
  auto bytes = kj::heapString(body.data(), body.size());
  auto promise = stream->write(bytes.begin(), bytes.size());
  return promise.attach(kj::mv(stream), kj::mv(bytes));
}

}  // namespace gridledger::rpc
