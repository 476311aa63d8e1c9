// Fuzzes gridledgerd's request handling: the input is the byte stream a
// client sends on a connection (Cap'n Proto RPC messages to the Gateway and
// the Session it hands out), fed to the real server-side RPC system over an
// in-memory pipe. Whatever arrives, the server must answer or close the
// connection, never crash, and never apply half a command.
//
// With GL_FUZZ_WRITE_SEEDS=DIR set, writes seed inputs (a login, and a
// login with a pipelined filing) to DIR and exits.

#include <capnp/message.h>
#include <capnp/rpc-twoparty.h>
#include <capnp/rpc.capnp.h>
#include <capnp/serialize.h>
#include <kj/async-io.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "rpc.capnp.h"
#include "rpc/session_server.h"
#include "rpc/wire_codec.h"

namespace {

using namespace gridledger;

struct World {
  World() : io(kj::setupAsyncIo()) {
    dir = std::filesystem::temp_directory_path() / ("gl-fuzz-rpc-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    state.options.data_dir = dir.string();
    auto engine = Engine::Open(dir.string());
    if (!engine.ok()) std::abort();
    state.engine = std::move(engine).value();
    auto creds =
        rpc::CredentialStore::Open(state.engine->log(), (dir / "credentials.key").string());
    if (!creds.ok()) std::abort();
    state.credentials = std::move(creds).value();
    state.pool = std::make_unique<rpc::BlockingPool>(4);
    state.timer = &io.provider->getTimer();
  }
  kj::AsyncIoContext io;
  std::filesystem::path dir;
  rpc::ServerState state;
};

World& TheWorld() {
  static World* w = new World();
  return *w;
}

std::string Flat(capnp::MessageBuilder& m) {
  auto words = capnp::messageToFlatArray(m);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

std::string Bootstrap() {
  capnp::MallocMessageBuilder m;
  m.initRoot<capnp::rpc::Message>().initBootstrap().setQuestionId(0);
  return Flat(m);
}

std::string Login() {
  capnp::MallocMessageBuilder m;
  auto call = m.initRoot<capnp::rpc::Message>().initCall();
  call.setQuestionId(1);
  call.initTarget().initPromisedAnswer().setQuestionId(0);
  call.setInterfaceId(capnp::typeId<rpc::schema::Gateway>());
  call.setMethodId(0);
  auto params = call.initParams().initContent().initAs<rpc::schema::Gateway::LoginParams>();
  params.setCredential("");
  params.setClientName("fuzz");
  return Flat(m);
}

std::string FileOnSession() {
  capnp::MallocMessageBuilder m;
  auto call = m.initRoot<capnp::rpc::Message>().initCall();
  call.setQuestionId(2);
  auto promised = call.initTarget().initPromisedAnswer();
  promised.setQuestionId(1);
  promised.initTransform(1)[0].setGetPointerField(1);  // login's `session`
  call.setInterfaceId(capnp::typeId<rpc::schema::Session>());
  call.setMethodId(1);
  auto params = call.initParams().initContent().initAs<rpc::schema::Session::FileParams>();
  FileCase f;
  f.category = "sewer";
  f.description = "下水道堵了";
  f.reporter_phone = "13812345678";
  rpc::ToWire(f, params.initRequest());
  return Flat(m);
}

void WriteSeeds(const char* dir) {
  std::filesystem::create_directories(dir);
  std::ofstream(std::string(dir) + "/login.bin", std::ios::binary) << Bootstrap() << Login();
  std::ofstream(std::string(dir) + "/login-file.bin", std::ios::binary)
      << Bootstrap() << Login() << FileOnSession();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (const char* seeds = std::getenv("GL_FUZZ_WRITE_SEEDS")) {
    WriteSeeds(seeds);
    std::exit(0);
  }
  World& w = TheWorld();
  auto pipe = kj::newTwoWayPipe();
  capnp::ReaderOptions options;
  options.traversalLimitInWords = 1u << 20;
  capnp::TwoPartyVatNetwork network(*pipe.ends[0], capnp::rpc::twoparty::Side::SERVER, options);
  auto server =
      capnp::makeRpcServer(network, rpc::NewGateway(w.state, rpc::Transport::kUnix, "fuzz"));
  auto client_end = kj::mv(pipe.ends[1]);
  auto sent = client_end->write(data, size).then([&] { client_end->shutdownWrite(); });
  // Drain whatever the server answers, until it closes or 50 ms pass.
  auto drain = kj::heap<kj::Vector<kj::byte>>();
  kj::byte buf[4096];
  std::function<kj::Promise<void>()> read = [&]() -> kj::Promise<void> {
    return client_end->tryRead(buf, 1, sizeof buf).then([&](size_t n) -> kj::Promise<void> {
      if (n == 0) return kj::READY_NOW;
      return read();
    });
  };
  auto done = sent.then([&] { return read(); })
                  .exclusiveJoin(network.onDisconnect())
                  .exclusiveJoin(w.state.timer->afterDelay(50 * kj::MILLISECONDS));
  done.catch_([](kj::Exception&&) {}).wait(w.io.waitScope);
  return 0;
}
