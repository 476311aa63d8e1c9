# GridLedger's wire types: the values gridledgerd's RPC methods carry
# (schemas/rpc.capnp). They mirror the public C++ types of
# engine/include/gridledger/ one to one; engine/src/rpc/wire_codec.h is the
# only translation between the two.
#
# Evolution rules (as for events.capnp): only add fields, union members and
# enumerants with the next ordinal; never change or reuse an ordinal.
# Times are microseconds since the Unix epoch, UTC.

@0xc25ae9b024cb1465;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gridledger::wire");

# A Status: code 0 is OK. Codes are StatusCode's values.
struct Status {
  code @0 :UInt16;
  message @1 :Text;
}
