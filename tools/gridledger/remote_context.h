// The command line against a running gridledgerd (--server ADDRESS): the
// same commands, through the remote Engine, acting as the identity the
// credential proves.
#pragma once

#include <memory>

#include "context.h"
#include "gridledger/client.h"

namespace gridledger::cli {

// True when the options name a server (--server or $GRIDLEDGER_SERVER).
bool UsesServer(const GlobalOptions& options);

// Connects and logs in. The credential is --credential (a token, or @FILE
// holding one), else $GRIDLEDGER_CREDENTIAL; none on a unix socket acts as
// the local operator. Throws CliError with what to do when refused or
// unreachable.
std::unique_ptr<RemoteEngine> ConnectOrThrow(const GlobalOptions& options);

// The log of a server, owning its connection (for the commands that work on
// the log: read, tail, info, verify, append).
std::unique_ptr<EventLog> RemoteLogOrThrow(const GlobalOptions& options);

// Throws CliError (usage) naming the command when it needs the data
// directory itself (init, restore, compact, rebuild, simulate).
void RequireLocal(const GlobalOptions& options, const std::string& command);

}  // namespace gridledger::cli
