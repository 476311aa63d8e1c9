# gridledgerd's RPC interfaces (Cap'n Proto RPC, two-party, over a unix
# socket or TLS). Values are in wire.capnp.

@0x8706c733c4ce80ea;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gridledger::rpc::schema");

using Wire = import "wire.capnp";
